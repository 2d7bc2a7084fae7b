import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { SqlTrackingStore } from '../src/tracking/stores/sql-tracking-store.js'

// A database written by the first release (migration 001). Every later Shipyard must open it, migrate
// it forward, and read what it holds; the fixture is never regenerated, only added to.
const FIXTURE = 'test/fixtures/shipyard-001.db'
const RUN_ID = '0c617316c0347260237e9d38697ea27f'
const EXPERIMENT_ID = '1795711814641777429'

const dir = mkdtempSync(join(tmpdir(), 'shipyard-upgrade-'))
after(() => rmSync(dir, { recursive: true, force: true }))

it('opens a database written by migration 001 and reads everything it holds', async () => {
  const path = join(dir, 'shipyard.db')
  copyFileSync(FIXTURE, path)
  const store = await SqlTrackingStore.open({
    database: { kind: 'sqlite', path },
    artifactRoot: join(dir, 'artifacts'),
  })
  try {
    const experiment = await store.getExperimentByName('fixture')
    assert.equal(experiment.experimentId, EXPERIMENT_ID)
    assert.equal(experiment.tags.written_by, 'shipyard 0.1.0, migration 001')
    const run = await store.getRun(RUN_ID)
    assert.equal(run.info.runName, 'fixture-run')
    assert.equal(run.info.status, 'FINISHED')
    assert.equal(run.info.startTime, 1_790_000_000_000)
    assert.equal(run.info.endTime, 1_790_000_001_000)
    assert.deepEqual(run.data.params, { lr: '0.1' })
    assert.equal(run.data.tags.team, 'risk')
    assert.deepEqual(run.data.metrics.loss, {
      key: 'loss',
      value: 1 / 3,
      timestamp: 1_790_000_000_002,
      step: 2,
    })
    assert.deepEqual(
      (await store.getMetricHistory(RUN_ID, 'loss')).map((m) => m.value),
      [1, 1 / 2, 1 / 3],
    )
    const found = await store.searchRuns({ filter: "metrics.loss < 0.5 and params.lr = '0.1'" })
    assert.deepEqual(
      found.items.map((r) => r.info.runId),
      [RUN_ID],
    )
    await store.logBatch(RUN_ID, { tags: [{ key: 'reopened', value: 'yes' }] })
  } finally {
    await store.close()
  }
})
