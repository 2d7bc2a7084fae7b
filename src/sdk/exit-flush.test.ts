import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { openSqlDatabase } from '../sql/index.js'

const home = mkdtempSync(join(tmpdir(), 'shipyard-exit-'))
const sdk = pathToFileURL(join(import.meta.dirname, 'index.ts')).href

/** Runs `body` in a child process that opens the SDK and never closes it, as a careless script would. */
function runScript(body: string, database: string) {
  const script = `
    import { Shipyard } from ${JSON.stringify(sdk)}
    const shipyard = await Shipyard.open({ home: ${JSON.stringify(home)}, databaseUrl: ${JSON.stringify(database)} })
    ${body}
  `
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  })
}

async function metricCount(database: string): Promise<number> {
  const sql = await openSqlDatabase({ kind: 'sqlite', path: database })
  try {
    const row = await sql.db
      .selectFrom('metrics')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  } finally {
    await sql.close()
  }
}

describe('flushing at process exit', () => {
  after(() => rmSync(home, { recursive: true, force: true }))

  it('writes buffered metrics when the event loop runs dry', async () => {
    const database = join(home, 'clean.db')
    const child = runScript(
      `const run = await shipyard.startRun()
       for (let step = 0; step < 3; step++) run.logMetric('loss', step, step)`,
      database,
    )
    assert.equal(child.status, 0, child.stderr)
    assert.equal(await metricCount(database), 3)
  })

  it('reports points it cannot write on stderr and in the exit code', async () => {
    const database = join(home, 'lost.db')
    const child = runScript(
      `const run = await shipyard.startRun()
       await shipyard.store.deleteRun(run.runId)
       run.logMetric('loss', 1, 1)`,
      database,
    )
    assert.equal(child.status, 1)
    assert.match(child.stderr, /SHIPYARD_METRICS_LOST/)
    assert.match(child.stderr, /1 metric point of run [0-9a-f]{32} could not be written/)
    assert.equal(await metricCount(database), 0)
  })
})
