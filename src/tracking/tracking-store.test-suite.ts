import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ShipyardError } from '../shared/index.js'
import type { TrackingStore } from './tracking-store.js'

/** A store under test and how to throw it away. */
export interface OpenedStore {
  readonly store: TrackingStore
  dispose(): Promise<void>
}

/** Asserts that `promise` rejects with a ShipyardError of `code`, optionally with a message matching `message`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  message?: RegExp,
): Promise<ShipyardError> {
  const error = await promise.then(
    () => assert.fail(`expected a rejection with ${code}`),
    (e: unknown) => e,
  )
  assert.ok(error instanceof ShipyardError, `expected a ShipyardError, got ${String(error)}`)
  assert.equal(error.code, code, error.message)
  if (message) assert.match(error.message, message)
  return error
}

/**
 * The contract of `TrackingStore`, run against every backend: the SQL store on SQLite and PostgreSQL,
 * and the HTTP client talking to a server. A backend that passes behaves the same for its callers.
 */
export function describeTrackingStoreConformance(name: string, open: () => Promise<OpenedStore>): void {
  describe(`TrackingStore conformance: ${name}`, () => {
    let opened: OpenedStore
    let store: TrackingStore
    before(async () => {
      opened = await open()
      store = opened.store
    })
    after(() => opened.dispose())

    it('has the Default experiment 0 from the start', async () => {
      const experiment = await store.getExperiment('0')
      assert.equal(experiment.name, 'Default')
      assert.equal(experiment.lifecycleStage, 'active')
      assert.equal((await store.getExperimentByName('Default')).experimentId, '0')
    })

    it('creates, finds, renames, tags, deletes and restores experiments', async () => {
      const created = await store.createExperiment({ name: 'churn', tags: { team: 'risk' } })
      assert.match(created.experimentId, /^\d+$/)
      assert.deepEqual(created.tags, { team: 'risk' })
      assert.equal((await store.getExperimentByName('churn')).experimentId, created.experimentId)
      await rejectsWith(store.createExperiment({ name: 'churn' }), 'RESOURCE_ALREADY_EXISTS', /churn/)
      await store.renameExperiment(created.experimentId, 'churn-v2')
      assert.equal((await store.getExperiment(created.experimentId)).name, 'churn-v2')
      await rejectsWith(store.renameExperiment(created.experimentId, 'Default'), 'RESOURCE_ALREADY_EXISTS')
      await store.setExperimentTag(created.experimentId, 'owner', 'ana')
      assert.deepEqual((await store.getExperiment(created.experimentId)).tags, { team: 'risk', owner: 'ana' })
      await store.deleteExperiment(created.experimentId)
      assert.equal((await store.getExperiment(created.experimentId)).lifecycleStage, 'deleted')
      const active = await store.searchExperiments()
      assert.ok(!active.items.some((e) => e.experimentId === created.experimentId))
      const deleted = await store.searchExperiments({ viewType: 'DELETED_ONLY' })
      assert.deepEqual(
        deleted.items.map((e) => e.experimentId),
        [created.experimentId],
      )
      await store.restoreExperiment(created.experimentId)
      assert.equal((await store.getExperiment(created.experimentId)).lifecycleStage, 'active')
    })

    it('refuses unknown experiments and bad names', async () => {
      await rejectsWith(store.getExperiment('424242'), 'RESOURCE_DOES_NOT_EXIST', /424242/)
      await rejectsWith(store.getExperimentByName('nope'), 'RESOURCE_DOES_NOT_EXIST', /nope/)
      await rejectsWith(store.deleteExperiment('424242'), 'RESOURCE_DOES_NOT_EXIST')
      await rejectsWith(store.createExperiment({ name: '' }), 'INVALID_PARAMETER_VALUE', /name/)
      await rejectsWith(store.createRun({ experimentId: '424242' }), 'RESOURCE_DOES_NOT_EXIST')
    })

    it('pages through experiments, each exactly once', async () => {
      const names = Array.from({ length: 7 }, (_, i) => `paged-${i}`)
      for (const n of names) await store.createExperiment({ name: n })
      const seen: string[] = []
      let pageToken: string | undefined
      do {
        const page = await store.searchExperiments({ maxResults: 3, ...(pageToken ? { pageToken } : {}) })
        assert.ok(page.items.length <= 3)
        seen.push(...page.items.map((e) => e.name))
        pageToken = page.nextPageToken
      } while (pageToken)
      for (const n of names) assert.equal(seen.filter((s) => s === n).length, 1, n)
      assert.equal(new Set(seen).size, seen.length)
      await rejectsWith(store.searchExperiments({ pageToken: 'garbage!' }), 'SHIPYARD_PAGE_TOKEN_INVALID')
      await rejectsWith(store.searchExperiments({ maxResults: 0 }), 'INVALID_PARAMETER_VALUE', /max_results/)
    })

    it('starts runs in the Default experiment with a generated name and MLflow tags', async () => {
      const run = await store.createRun({ userId: 'ana' })
      assert.equal(run.info.experimentId, '0')
      assert.equal(run.info.status, 'RUNNING')
      assert.match(run.info.runId, /^[0-9a-f]{32}$/)
      assert.ok(run.info.runName.length > 0)
      assert.equal(run.data.tags['mlflow.runName'], run.info.runName)
      assert.equal(run.info.endTime, null)
      assert.ok(run.info.artifactUri.endsWith(`/${run.info.runId}/artifacts`))
      const named = await store.createRun({
        runName: 'baseline',
        startTime: 1_700_000_000_000,
        tags: { a: 'b' },
      })
      assert.equal(named.info.runName, 'baseline')
      assert.equal(named.info.startTime, 1_700_000_000_000)
      assert.equal(named.data.tags.a, 'b')
    })

    it('nests runs under a parent', async () => {
      const parent = await store.createRun({ runName: 'study' })
      const child = await store.createRun({ parentRunId: parent.info.runId })
      assert.equal(child.info.parentRunId, parent.info.runId)
      await rejectsWith(store.createRun({ parentRunId: 'f'.repeat(32) }), 'RESOURCE_DOES_NOT_EXIST')
    })

    it('logs params, tags and metrics; keeps the history and the latest point', async () => {
      const { info } = await store.createRun()
      await store.logBatch(info.runId, {
        params: [
          { key: 'lr', value: '0.1' },
          { key: 'model', value: 'gbdt' },
        ],
        tags: [{ key: 'team', value: 'risk' }],
        metrics: [
          { key: 'loss', value: 0.9, timestamp: 1000, step: 0 },
          { key: 'loss', value: 0.5, timestamp: 1002, step: 2 },
          { key: 'loss', value: 0.7, timestamp: 1001, step: 1 },
        ],
      })
      await store.logBatch(info.runId, {
        tags: [{ key: 'team', value: 'growth' }],
        metrics: [{ key: 'loss', value: 0.8, timestamp: 999, step: 1 }],
      })
      const run = await store.getRun(info.runId)
      assert.deepEqual(run.data.params, { lr: '0.1', model: 'gbdt' })
      assert.equal(run.data.tags.team, 'growth')
      assert.deepEqual(run.data.metrics.loss, { key: 'loss', value: 0.5, timestamp: 1002, step: 2 })
      const history = await store.getMetricHistory(info.runId, 'loss')
      assert.deepEqual(
        history.map((m) => [m.step, m.value]),
        [
          [0, 0.9],
          [1, 0.8],
          [1, 0.7],
          [2, 0.5],
        ],
      )
      assert.deepEqual(await store.getMetricHistory(info.runId, 'absent'), [])
      await rejectsWith(store.getMetricHistory('f'.repeat(32), 'loss'), 'RESOURCE_DOES_NOT_EXIST')
    })

    it('keeps NaN and infinities', async () => {
      const { info } = await store.createRun()
      await store.logBatch(info.runId, {
        metrics: [
          { key: 'nan', value: Number.NaN, timestamp: 1, step: 0 },
          { key: 'inf', value: Number.POSITIVE_INFINITY, timestamp: 1, step: 0 },
          { key: 'ninf', value: Number.NEGATIVE_INFINITY, timestamp: 1, step: 0 },
        ],
      })
      const { data } = await store.getRun(info.runId)
      assert.ok(Number.isNaN(data.metrics.nan?.value))
      assert.equal(data.metrics.inf?.value, Number.POSITIVE_INFINITY)
      assert.equal(data.metrics.ninf?.value, Number.NEGATIVE_INFINITY)
      assert.ok(Number.isNaN((await store.getMetricHistory(info.runId, 'nan'))[0]?.value))
    })

    it('makes params immutable: the same value again is fine, another is refused', async () => {
      const { info } = await store.createRun()
      await store.logBatch(info.runId, { params: [{ key: 'depth', value: '6' }] })
      await store.logBatch(info.runId, { params: [{ key: 'depth', value: '6' }] })
      await rejectsWith(
        store.logBatch(info.runId, { params: [{ key: 'depth', value: '7' }] }),
        'SHIPYARD_PARAM_IMMUTABLE',
        /depth/,
      )
      assert.equal((await store.getRun(info.runId)).data.params.depth, '6')
    })

    it("enforces MLflow's limits and writes nothing of a bad batch", async () => {
      const { info } = await store.createRun()
      await rejectsWith(
        store.logBatch(info.runId, { params: [{ key: 'p', value: 'x'.repeat(6001) }] }),
        'INVALID_PARAMETER_VALUE',
        /params\[0\]\.value.*6000/,
      )
      await store.logBatch(info.runId, { params: [{ key: 'p', value: 'x'.repeat(6000) }] })
      await rejectsWith(
        store.logBatch(info.runId, { tags: [{ key: 't', value: 'x'.repeat(5001) }] }),
        'INVALID_PARAMETER_VALUE',
        /5000/,
      )
      await rejectsWith(
        store.logBatch(info.runId, { metrics: [{ key: 'k'.repeat(251), value: 1, timestamp: 1, step: 0 }] }),
        'INVALID_PARAMETER_VALUE',
        /250/,
      )
      const limit = store.batchLimits.metrics
      const tooMany = Array.from({ length: limit + 1 }, (_, i) => ({
        key: 'm',
        value: i,
        timestamp: 1,
        step: i,
      }))
      await rejectsWith(
        store.logBatch(info.runId, { metrics: tooMany }),
        'INVALID_PARAMETER_VALUE',
        new RegExp(`metrics.*${limit}`),
      )
      await rejectsWith(
        store.logBatch(info.runId, {
          metrics: [
            { key: 'good', value: 1, timestamp: 1, step: 0 },
            { key: 'bad', value: 1, timestamp: 1.5, step: 0 },
          ],
        }),
        'INVALID_PARAMETER_VALUE',
        /metrics\[1\]\.timestamp/,
      )
      assert.equal((await store.getRun(info.runId)).data.metrics.good, undefined)
    })

    it('ends, renames, deletes and restores runs', async () => {
      const { info } = await store.createRun()
      const before = Date.now()
      const ended = await store.updateRun(info.runId, { status: 'FINISHED' })
      assert.equal(ended.status, 'FINISHED')
      assert.ok(ended.endTime !== null && ended.endTime >= before - 1000)
      const renamed = await store.updateRun(info.runId, { runName: 'renamed', endTime: 42 })
      assert.equal(renamed.runName, 'renamed')
      assert.equal(renamed.endTime, 42)
      assert.equal((await store.getRun(info.runId)).data.tags['mlflow.runName'], 'renamed')
      await rejectsWith(
        store.updateRun(info.runId, { status: 'DONE' as never }),
        'INVALID_PARAMETER_VALUE',
        /status.*FINISHED/,
      )
      await store.deleteRun(info.runId)
      assert.equal((await store.getRun(info.runId)).info.lifecycleStage, 'deleted')
      await rejectsWith(
        store.logBatch(info.runId, { tags: [{ key: 'a', value: 'b' }] }),
        'SHIPYARD_RUN_NOT_ACTIVE',
      )
      await store.restoreRun(info.runId)
      await store.logBatch(info.runId, { tags: [{ key: 'a', value: 'b' }] })
      await rejectsWith(store.getRun('f'.repeat(32)), 'RESOURCE_DOES_NOT_EXIST', /run/)
    })

    it('deletes tags', async () => {
      const { info } = await store.createRun({ tags: { gone: 'soon' } })
      await store.deleteTag(info.runId, 'gone')
      assert.equal((await store.getRun(info.runId)).data.tags.gone, undefined)
      await rejectsWith(store.deleteTag(info.runId, 'gone'), 'RESOURCE_DOES_NOT_EXIST')
    })

    it('deleting an experiment deletes its runs, restoring restores them', async () => {
      const experiment = await store.createExperiment({ name: 'short-lived' })
      const { info } = await store.createRun({ experimentId: experiment.experimentId })
      await store.deleteExperiment(experiment.experimentId)
      assert.equal((await store.getRun(info.runId)).info.lifecycleStage, 'deleted')
      await rejectsWith(
        store.createRun({ experimentId: experiment.experimentId }),
        'INVALID_PARAMETER_VALUE',
        /deleted/,
      )
      await store.restoreExperiment(experiment.experimentId)
      assert.equal((await store.getRun(info.runId)).info.lifecycleStage, 'active')
    })

    it('searches runs across experiments with a filter and order', async () => {
      const a = await store.createExperiment({ name: 'search-a' })
      const b = await store.createExperiment({ name: 'search-b' })
      const ids: string[] = []
      for (const [experimentId, auc, model] of [
        [a.experimentId, 0.7, 'gbdt'],
        [a.experimentId, 0.9, 'gbdt'],
        [b.experimentId, 0.85, 'gbdt'],
        [b.experimentId, 0.95, 'linear'],
      ] as const) {
        const { info } = await store.createRun({ experimentId, tags: { team: 'risk' } })
        await store.logBatch(info.runId, {
          params: [{ key: 'model', value: model }],
          metrics: [{ key: 'auc', value: auc, timestamp: 1, step: 0 }],
        })
        ids.push(info.runId)
      }
      const page = await store.searchRuns({
        experimentIds: [a.experimentId, b.experimentId],
        filter: "metrics.auc > 0.8 and params.model = 'gbdt' and tags.team = 'risk'",
        orderBy: ['metrics.auc DESC'],
      })
      assert.deepEqual(
        page.items.map((r) => r.info.runId),
        [ids[1], ids[2]],
      )
      assert.equal(page.items[0]?.data.params.model, 'gbdt')
      assert.equal(page.items[0]?.data.metrics.auc?.value, 0.9)
      await rejectsWith(store.searchRuns({ filter: 'metrics.auc >> 1' }), 'SHIPYARD_FILTER_INVALID', />>/)
    })

    it('records artifact hashes', async () => {
      const { info } = await store.createRun()
      await store.recordArtifacts(info.runId, [
        { path: 'model/model.onnx', isDir: false, fileSize: 3, sha256: 'a'.repeat(64) },
        { path: 'model', isDir: true },
      ])
      await store.recordArtifacts(info.runId, [
        { path: 'model/model.onnx', isDir: false, fileSize: 4, sha256: 'b'.repeat(64) },
      ])
      assert.deepEqual(await store.listArtifactRecords(info.runId), [
        { path: 'model/model.onnx', isDir: false, fileSize: 4, sha256: 'b'.repeat(64) },
      ])
    })
  })
}
