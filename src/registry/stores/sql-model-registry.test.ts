import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { describeEachBackend } from '../../sql/test-databases.js'
import { describeModelRegistryConformance, versionInput } from '../model-registry.test-suite.js'
import { ALIAS_CHANNEL } from './sql-alias-writes.js'
import { SqlModelRegistry } from './sql-model-registry.js'

describeEachBackend('SqlModelRegistry', (backend) => {
  describeModelRegistryConformance(backend.name, async () => {
    const db = await backend.create()
    const registry = await SqlModelRegistry.open({
      database: db.target,
      artifactRoot: join(db.dir, 'artifacts'),
    })
    return {
      registry,
      corrupt: (version) => writeFile(fileURLToPath(version.artifactUri), 'tampered with'),
      dispose: async () => {
        await registry.close()
        await db.dispose()
      },
    }
  })

  if (backend.name === 'postgres') {
    it('notifies LISTENing clients of alias changes at commit, with the model name', async () => {
      const db = await backend.create()
      const registry = await SqlModelRegistry.open({
        database: db.target,
        artifactRoot: join(db.dir, 'artifacts'),
      })
      const listener = new pg.Client({ connectionString: (db.target as { url: string }).url })
      await listener.connect()
      try {
        // The channel is per database, not per schema: other tests' models may notify too.
        const name = `notified-${process.pid}-${Math.random().toString(36).slice(2)}`
        const received: string[] = []
        listener.on('notification', (n) => {
          if (n.channel === ALIAS_CHANNEL && n.payload?.startsWith(name)) received.push(n.payload)
        })
        await listener.query(`LISTEN ${ALIAS_CHANNEL}`)
        await registry.createVersion(versionInput(name, 'n1'))
        await registry.setAlias(name, 'production', 1)
        await registry.deleteAlias(name, 'production')
        await registry.renameModel(name, `${name}-renamed`)
        // A round trip on the listening connection delivers what was sent before it.
        await listener.query('SELECT 1')
        assert.deepEqual(received, [name, name, name, `${name}-renamed`])
      } finally {
        await listener.end()
        await registry.close()
        await db.dispose()
      }
    })
  }
})
