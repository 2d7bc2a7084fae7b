import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { SqlTrackingStore } from '../src/tracking/stores/sql-tracking-store.js'

const home = mkdtempSync(join(tmpdir(), 'shipyard-concurrency-'))
after(() => rmSync(home, { recursive: true, force: true }))

function writer(name: string, runs: number, batches: number, dir = home): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/concurrent-writer.ts', dir, name, String(runs), String(batches)],
      { stdio: ['ignore', 'inherit', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`writer ${name} exited ${code}: ${stderr}`)),
    )
  })
}

it('two processes writing to one SQLite home at once lose nothing', async () => {
  const runs = 20
  const batches = 10
  await Promise.all([writer('a', runs, batches), writer('b', runs, batches)])
  const store = await SqlTrackingStore.open({
    database: { kind: 'sqlite', path: join(home, 'shipyard.db') },
    artifactRoot: join(home, 'artifacts'),
  })
  try {
    for (const name of ['a', 'b']) {
      const experiment = await store.getExperimentByName(`writer-${name}`)
      const page = await store.searchRuns({ experimentIds: [experiment.experimentId], maxResults: 1000 })
      assert.equal(page.items.length, runs)
      for (const run of page.items) {
        assert.equal(run.info.status, 'FINISHED')
        assert.equal(run.data.params.writer, name)
        assert.equal(run.data.metrics.m?.step, batches * 50 - 1)
        assert.equal((await store.getMetricHistory(run.info.runId, 'm')).length, batches * 50)
      }
    }
  } finally {
    await store.close()
  }
})

it('three processes creating the same new SQLite home at once all succeed (they race to migrate it)', async () => {
  for (let round = 0; round < 5; round++) {
    const fresh = mkdtempSync(join(home, `fresh-${round}-`))
    await Promise.all(['x', 'y', 'z'].map((name) => writer(name, 1, 1, fresh)))
  }
})
