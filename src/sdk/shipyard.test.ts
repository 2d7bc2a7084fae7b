import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { ShipyardError } from '../shared/index.js'
import { describeEachBackend, TEST_DATABASE_BACKENDS, type TestDatabase } from '../sql/test-databases.js'
import type { LogBatchInput } from '../tracking/index.js'
import type { ActiveRun } from './active-run.js'
import { openBackend, type TrackingBackend } from './open-backend.js'
import { ERROR_TAG, Shipyard } from './shipyard.js'
import { SYSTEM_TAGS } from './source-tags.js'

/** Wraps a backend so that tests see how the SDK batches its writes. */
function spying(backend: TrackingBackend): { backend: TrackingBackend; batches: LogBatchInput[] } {
  const batches: LogBatchInput[] = []
  const store = new Proxy(backend.store, {
    get(target, property, receiver) {
      if (property === 'logBatch') {
        return (runId: string, batch: LogBatchInput) => {
          batches.push(batch)
          return target.logBatch(runId, batch)
        }
      }
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { backend: { ...backend, store }, batches }
}

function code(expected: string) {
  return (error: unknown) => error instanceof ShipyardError && error.code === expected
}

describeEachBackend('Shipyard SDK', (backend) => {
  let database: TestDatabase
  let shipyard: Shipyard
  let batches: LogBatchInput[]

  before(async () => {
    database = await backend.create()
    const opened = await openBackend({
      home: database.dir,
      database: database.target,
      artifactRoot: join(database.dir, 'artifacts'),
      trackingUri: null,
      redisUrl: null,
    })
    const spy = spying(opened)
    batches = spy.batches
    // A long interval so that only the tests about the timer see it fire.
    shipyard = await Shipyard.open({ backend: spy.backend, metricBuffer: { intervalMs: 60_000 } })
  })

  after(async () => {
    await shipyard.close()
    await database.dispose()
  })

  const history = (run: ActiveRun, key: string) => shipyard.store.getMetricHistory(run.runId, key)

  it('buffers metrics until flushed, then stores them with their steps', async () => {
    const run = await shipyard.startRun()
    for (let step = 0; step < 5; step++) run.logMetric('loss', 1 / (step + 1), step)
    run.logMetrics({ auc: 0.9, acc: 0.8 }, 4)
    assert.deepEqual(await history(run, 'loss'), [])
    assert.equal(run.pendingMetrics, 7)
    await run.flush()
    const loss = await history(run, 'loss')
    assert.deepEqual(
      loss.map((m) => [m.step, m.value]),
      [0, 1, 2, 3, 4].map((s) => [s, 1 / (s + 1)]),
    )
    assert.equal((await shipyard.store.getRun(run.runId)).data.metrics.auc?.value, 0.9)
    await run.end()
  })

  it('splits more points than the store takes at once into batches of its limit, in order', async () => {
    const run = await shipyard.startRun()
    const limit = shipyard.store.batchLimits.metrics
    const total = 2 * limit + limit / 2
    const before = batches.length
    for (let step = 0; step < total; step++) run.logMetric('x', step * 2, step)
    await run.end()
    const metricBatches = batches.slice(before).filter((b) => b.metrics)
    assert.deepEqual(
      metricBatches.map((b) => b.metrics?.length),
      [limit, limit, limit / 2],
    )
    const points = await history(run, 'x')
    assert.equal(points.length, total)
    assert.ok(points.every((p, i) => p.step === i && p.value === i * 2))
    assert.deepEqual((await shipyard.store.getRun(run.runId)).data.metrics.x?.step, total - 1)
  })

  it('flushes on a timer', async () => {
    const quick = await Shipyard.open({
      backend: { ...spying(await openBackendFor(database)).backend },
      metricBuffer: { intervalMs: 20 },
    })
    try {
      const run = await quick.startRun()
      run.logMetric('loss', 0.5, 1)
      for (let i = 0; i < 100 && (await quick.store.getMetricHistory(run.runId, 'loss')).length === 0; i++)
        await sleep(20)
      assert.equal((await quick.store.getMetricHistory(run.runId, 'loss')).length, 1)
    } finally {
      await quick.close()
    }
  })

  it('refuses a malformed point at once, so it never poisons a batch', async () => {
    const run = await shipyard.startRun()
    assert.throws(() => run.logMetric('', 1), code('INVALID_PARAMETER_VALUE'))
    assert.throws(() => run.logMetric('a/../b', 1), code('INVALID_PARAMETER_VALUE'))
    assert.throws(() => run.logMetric('loss', '0.1' as unknown as number), code('INVALID_PARAMETER_VALUE'))
    assert.throws(() => run.logMetric('loss', 0.1, 1.5), code('INVALID_PARAMETER_VALUE'))
    run.logMetric('loss', Number.POSITIVE_INFINITY, 2)
    assert.equal(run.pendingMetrics, 1)
    await run.end()
    assert.equal((await history(run, 'loss'))[0]?.value, Number.POSITIVE_INFINITY)
  })

  it('end() flushes and records the status, then refuses more logging', async () => {
    const run = await shipyard.startRun({ runName: 'ending' })
    run.logMetric('loss', 0.25, 3)
    await run.end('KILLED')
    assert.equal(run.info.status, 'KILLED')
    assert.ok(run.info.endTime !== null)
    const stored = await shipyard.store.getRun(run.runId)
    assert.equal(stored.info.status, 'KILLED')
    assert.equal(stored.data.metrics.loss?.value, 0.25)
    assert.throws(() => run.logMetric('loss', 1), code('SHIPYARD_RUN_NOT_ACTIVE'))
    await assert.rejects(run.setTag('a', 'b'), code('SHIPYARD_RUN_NOT_ACTIVE'))
    await run.end() // a second end does nothing
    assert.equal((await shipyard.store.getRun(run.runId)).info.status, 'KILLED')
  })

  it('withRun ends FINISHED and returns the result', async () => {
    let runId = ''
    const result = await shipyard.withRun({ experimentName: 'with-run' }, async (run) => {
      runId = run.runId
      run.logMetric('auc', 0.91)
      return 42
    })
    assert.equal(result, 42)
    const stored = await shipyard.store.getRun(runId)
    assert.equal(stored.info.status, 'FINISHED')
    assert.equal(stored.data.metrics.auc?.value, 0.91)
    assert.equal(stored.data.tags[ERROR_TAG], undefined)
  })

  it('withRun flushes, tags the error, ends FAILED and rethrows the same error', async () => {
    let runId = ''
    const boom = new Error(`diverged ${'!'.repeat(6000)}`)
    await assert.rejects(
      shipyard.withRun({}, async (run) => {
        runId = run.runId
        run.logMetric('loss', Number.NaN, 9)
        throw boom
      }),
      (error) => error === boom,
    )
    const stored = await shipyard.store.getRun(runId)
    assert.equal(stored.info.status, 'FAILED')
    assert.ok(stored.info.endTime !== null)
    assert.equal(stored.data.tags[ERROR_TAG], boom.message.slice(0, 5000))
    assert.ok(Number.isNaN(stored.data.metrics.loss?.value))
  })

  it('stringifies params and surfaces SHIPYARD_PARAM_IMMUTABLE', async () => {
    const run = await shipyard.startRun()
    await run.logParam('lr', 0.1)
    await run.logParams({ depth: 6, deep: true, lr: 0.1 })
    await assert.rejects(run.logParam('lr', 0.2), code('SHIPYARD_PARAM_IMMUTABLE'))
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, i]))
    await run.logParams(many)
    await run.setTags({ team: 'risk', size: 3 })
    const { params, tags } = (await shipyard.store.getRun(run.runId)).data
    assert.deepEqual([params.lr, params.depth, params.deep, params.p149], ['0.1', '6', 'true', '149'])
    assert.equal(Object.keys(params).length, 153)
    assert.deepEqual([tags.team, tags.size], ['risk', '3'])
    await run.end()
  })

  it('creates a named experiment once and reuses it', async () => {
    const first = await shipyard.startRun({ experimentName: 'churn' })
    const second = await shipyard.startRun({ experimentName: 'churn' })
    const experiment = await shipyard.store.getExperimentByName('churn')
    assert.equal(first.info.experimentId, experiment.experimentId)
    assert.equal(second.info.experimentId, experiment.experimentId)
    assert.equal((await shipyard.getOrCreateExperiment('churn')).experimentId, experiment.experimentId)
    await assert.rejects(
      shipyard.startRun({ experimentName: 'churn', experimentId: '0' }),
      code('INVALID_PARAMETER_VALUE'),
    )
    await Promise.all([first.end(), second.end()])
  })

  it('nests runs under a parent, in its experiment', async () => {
    const parent = await shipyard.startRun({ experimentName: 'sweep', runName: 'parent' })
    const child = await shipyard.startRun({ parent, runName: 'child' })
    const byId = await shipyard.startRun({ parentRunId: parent.runId, experimentId: '0' })
    assert.equal(child.info.parentRunId, parent.runId)
    assert.equal(child.info.experimentId, parent.info.experimentId)
    assert.equal((await shipyard.store.getRun(child.runId)).data.tags[SYSTEM_TAGS.parentRunId], parent.runId)
    assert.equal(byId.info.parentRunId, parent.runId)
    assert.equal(byId.info.experimentId, '0')
    assert.equal((await shipyard.store.getRun(parent.runId)).data.tags[SYSTEM_TAGS.parentRunId], undefined)
    await Promise.all([child.end(), byId.end(), parent.end()])
  })

  it("sets MLflow's source tags, with this repository's commit", async () => {
    const run = await shipyard.startRun({ tags: { [SYSTEM_TAGS.sourceType]: 'JOB' } })
    const { tags } = (await shipyard.store.getRun(run.runId)).data
    assert.equal(
      tags[SYSTEM_TAGS.gitCommit],
      execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
    )
    assert.equal(tags[SYSTEM_TAGS.sourceName], process.argv[1])
    assert.equal(tags[SYSTEM_TAGS.sourceType], 'JOB', 'user tags override system tags')
    assert.ok(tags[SYSTEM_TAGS.user])
    assert.equal(run.info.userId, tags[SYSTEM_TAGS.user])
    await run.end()
  })

  it('surfaces a failed flush on end(), keeps the points, and writes them once the run can take them', async () => {
    const run = await shipyard.startRun()
    run.logMetric('loss', 0.1, 1)
    await shipyard.store.deleteRun(run.runId)
    await assert.rejects(run.end(), code('SHIPYARD_RUN_NOT_ACTIVE'))
    assert.equal(run.ended, false)
    assert.equal(run.pendingMetrics, 1)
    await shipyard.store.restoreRun(run.runId)
    await run.end()
    assert.deepEqual(
      (await history(run, 'loss')).map((m) => m.value),
      [0.1],
    )
  })

  it('surfaces a failed background flush on the next flush()', async () => {
    const run = await shipyard.startRun()
    await shipyard.store.deleteRun(run.runId)
    for (let step = 0; step < 1000; step++) run.logMetric('loss', step, step) // full: background write
    await sleep(50)
    await assert.rejects(run.flush(), code('SHIPYARD_RUN_NOT_ACTIVE'))
    await shipyard.store.restoreRun(run.runId)
    await run.end()
    assert.equal((await history(run, 'loss')).length, 1000)
  })

  it('writes text, JSON and files as artifacts', async () => {
    const run = await shipyard.startRun()
    const local = join(database.dir, 'local')
    mkdirSync(join(local, 'plots'), { recursive: true })
    writeFileSync(join(local, 'model.bin'), 'weights')
    writeFileSync(join(local, 'plots', 'roc.txt'), 'roc')
    await run.logText('hello', 'notes/hello.txt')
    await run.logJson({ auc: 0.9 }, 'eval.json')
    await run.logArtifact(join(local, 'model.bin'), 'model')
    await run.logArtifact(join(local, 'model.bin'))
    await run.logArtifacts(join(local, 'plots'), 'charts')
    await run.logArtifacts(join(local, 'plots'))
    const read = async (path: string) => (await shipyard.artifacts.read(run.info, path)).toString('utf8')
    assert.equal(await read('notes/hello.txt'), 'hello')
    assert.deepEqual(JSON.parse(await read('eval.json')), { auc: 0.9 })
    assert.equal(await read('model/model.bin'), 'weights')
    assert.equal(await read('model.bin'), 'weights')
    assert.equal(await read('charts/roc.txt'), 'roc')
    assert.equal(await read('roc.txt'), 'roc')
    await assert.rejects(
      run.logArtifact(join(local, 'model.bin'), '../escape'),
      code('SHIPYARD_ARTIFACT_PATH_INVALID'),
    )
    await run.end()
  })
})

async function openBackendFor(database: TestDatabase): Promise<TrackingBackend> {
  return openBackend({
    home: database.dir,
    database: database.target,
    artifactRoot: join(database.dir, 'artifacts'),
    trackingUri: null,
    redisUrl: null,
  })
}

describe('Shipyard.close', () => {
  it('flushes live runs before closing the backend', async () => {
    const [sqlite] = TEST_DATABASE_BACKENDS
    const database = await sqlite!.create()
    try {
      const shipyard = await Shipyard.open({
        backend: await openBackendFor(database),
        metricBuffer: { intervalMs: 60_000 },
      })
      const run = await shipyard.startRun()
      run.logMetric('loss', 0.5, 1)
      await shipyard.close()
      await assert.rejects(shipyard.startRun(), code('SHIPYARD_RUN_NOT_ACTIVE'))
      const reopened = await openBackendFor(database)
      try {
        assert.equal((await reopened.store.getMetricHistory(run.runId, 'loss')).length, 1)
        assert.equal((await reopened.store.getRun(run.runId)).info.status, 'RUNNING')
      } finally {
        await reopened.close()
      }
    } finally {
      await database.dispose()
    }
  })

  it('opens from flags, over the environment', async () => {
    const [sqlite] = TEST_DATABASE_BACKENDS
    const database = await sqlite!.create()
    try {
      const shipyard = await Shipyard.open({
        home: database.dir,
        databaseUrl: join(database.dir, 'from-flags.db'),
      })
      try {
        const run = await shipyard.startRun()
        assert.ok(
          run.info.artifactUri.startsWith(`file://${join(database.dir, 'artifacts')}`),
          run.info.artifactUri,
        )
        await run.end()
      } finally {
        await shipyard.close()
      }
    } finally {
      await database.dispose()
    }
  })
})
