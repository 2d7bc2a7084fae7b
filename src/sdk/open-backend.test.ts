import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { importedLineage } from '../registry/index.js'
import { loadConfig, ShipyardError } from '../shared/index.js'
import { openBackend } from './open-backend.js'
import { Shipyard } from './shipyard.js'

describe('openBackend and the model registry', () => {
  let home: string
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'shipyard-backend-'))
  })
  after(() => rm(home, { recursive: true, force: true }))

  it('opens the registry on the embedded database, and closes it with the backend', async () => {
    const shipyard = await Shipyard.open({ home })
    const version = await shipyard.registry.createVersion({
      name: 'embedded',
      onnx: new Uint8Array([1]),
      signature: {
        format: 'shipyard.signature',
        version: 1,
        task: 'regression',
        target: 'y',
        inputs: [],
        outputs: [],
      },
      lineage: importedLineage('test'),
    })
    assert.equal(version.version, 1)
    await shipyard.close()
    const again = await Shipyard.open({ home })
    assert.equal((await again.registry.getModel('embedded')).latestVersion, 1)
    await again.close()
  })

  it('has no registry when tracking goes to a server and no database is named', async () => {
    const backend = await openBackend(loadConfig({ home, trackingUri: 'http://127.0.0.1:9' }, {}))
    assert.equal(backend.registry, null)
    const shipyard = await Shipyard.open({ backend })
    assert.throws(
      () => shipyard.registry,
      (error: unknown) =>
        error instanceof ShipyardError &&
        error.code === 'SHIPYARD_CONFIG_INVALID' &&
        /unset SHIPYARD_TRACKING_URI or set SHIPYARD_DATABASE_URL/.test(error.message),
    )
    await shipyard.close()
  })

  it('opens the registry on a named database even when tracking goes to a server', async () => {
    const databaseUrl = join(home, 'registry.db')
    const backend = await openBackend(
      loadConfig({ home, trackingUri: 'http://127.0.0.1:9', databaseUrl }, {}),
    )
    assert.ok(backend.registry)
    assert.equal((await backend.registry.searchModels()).items.length, 0)
    await backend.close()
  })
})
