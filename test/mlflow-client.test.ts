import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { artifactStoreFor } from '../src/artifacts/index.js'
import { buildServer } from '../src/server/index.js'
import { describeEachBackend, type TestDatabase } from '../src/sql/test-databases.js'
import { LocalRunArtifacts } from '../src/tracking/local-run-artifacts.js'
import { SqlTrackingStore } from '../src/tracking/stores/sql-tracking-store.js'
import type { Run } from '../src/tracking/types.js'

// The npm client is CommonJS whose typings claim an ES default export; require it as it really is.
const require = createRequire(import.meta.url)
const MLflow = require('mlflow') as typeof import('mlflow').default
type Client = InstanceType<typeof MLflow>

/** The client console.logs every POST body; keep the test output readable. */
async function quiet<T>(call: () => Promise<T>): Promise<T> {
  const log = console.log
  console.log = () => {}
  try {
    return await call()
  } finally {
    console.log = log
  }
}

/** The `{status, data}` the client wraps into its error message, or a failure if the call succeeded. */
async function wireError(
  call: () => Promise<unknown>,
): Promise<{ status: number; data: { error_code: string; message: string } }> {
  try {
    await quiet(call)
  } catch (error) {
    return JSON.parse((error as Error).message.replace(/^Error: /, ''))
  }
  assert.fail('the call should have failed')
}

const sortByKey = <T extends { key: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => a.key.localeCompare(b.key))

describeEachBackend('the mlflow npm client against the server on a real socket', (backend) => {
  let db: TestDatabase
  let store: SqlTrackingStore
  let artifacts: LocalRunArtifacts
  let app: FastifyInstance
  let client: Client

  before(async () => {
    db = await backend.create()
    store = await SqlTrackingStore.open({ database: db.target, artifactRoot: join(db.dir, 'artifacts') })
    artifacts = new LocalRunArtifacts(store, artifactStoreFor)
    app = await buildServer({ store, artifacts })
    const address = await app.listen({ host: '127.0.0.1', port: 0 })
    client = new MLflow({ endpoint: address })
  })
  after(async () => {
    await app.close()
    await store.close()
    await db.dispose()
  })

  let experimentId: string
  let runId: string

  it('creates, reads, lists and renames an experiment', async () => {
    const created = await quiet(() =>
      client.Experiments.create({ name: 'npm-client', artifact_location: '' }),
    )
    experimentId = created.experiment_id
    assert.equal((await store.getExperiment(experimentId)).name, 'npm-client')

    const { experiment } = await client.Experiments.get({ experiment_id: experimentId })
    assert.equal(experiment.name, 'npm-client')
    assert.equal(experiment.lifecycle_stage, 'active')

    await quiet(() => client.Experiments.update({ experiment_id: experimentId, new_name: 'npm-client-2' }))
    assert.equal((await store.getExperiment(experimentId)).name, 'npm-client-2')
    const { experiments } = await client.Experiments.list()
    assert.deepEqual(experiments.map((e) => e.name).sort(), ['Default', 'npm-client-2'])
  })

  it("answers the client's slash-less set-experiment-tag URL with MLflow's ENDPOINT_NOT_FOUND", async () => {
    // mlflow@2.0.7 posts to `experimentsset-experiment-tag`; MLflow's own server refuses it too.
    const error = await wireError(() =>
      client.Experiments.setExperimentTag({ experiment_id: experimentId, key: 'k', value: 'v' }),
    )
    assert.equal(error.status, 404)
    assert.equal(error.data.error_code, 'ENDPOINT_NOT_FOUND')
  })

  it('creates a run and logs params, metrics with steps, tags and a batch', async () => {
    const { run } = await quiet(() =>
      client.Runs.create({
        experiment_id: experimentId,
        user_id: 'npm',
        start_time: 1_700_000_000_000,
        tags: [{ key: 'source', value: 'npm' }],
      }),
    )
    runId = run.info.run_id
    assert.equal(run.info.experiment_id, experimentId)

    await quiet(async () => {
      await client.Runs.logParameter({ run_id: runId, key: 'lr', value: '0.01' })
      for (let step = 0; step < 5; step++) {
        await client.Runs.logMetric({
          run_id: runId,
          key: 'loss',
          value: 1 / (step + 1),
          timestamp: 1_700_000_000_100 + step,
          step,
        })
      }
      await client.Runs.setTag({ run_id: runId, key: 'stage', value: 'dev' })
      await client.Runs.setTag({ run_id: runId, key: 'scratch', value: 'x' })
      await client.Runs.deleteTag({ run_id: runId, key: 'scratch' })
      await client.Runs.logBatch({
        run_id: runId,
        metrics: [
          { key: 'acc', value: 0.8, timestamp: 1_700_000_000_200, step: 0 },
          { key: 'acc', value: 0.9, timestamp: 1_700_000_000_201, step: 1 },
        ],
        params: [{ key: 'depth', value: '6' }],
        tags: [{ key: 'team', value: 'risk' }],
      })
      await client.Runs.update({ run_id: runId, status: 'FINISHED' as never, end_time: 1_700_000_001_000 })
    })

    const stored = await store.getRun(runId)
    assert.deepEqual(stored.data.params, { lr: '0.01', depth: '6' })
    assert.equal(stored.data.tags.stage, 'dev')
    assert.equal(stored.data.tags.team, 'risk')
    assert.equal(stored.data.tags.source, 'npm')
    assert.equal(stored.data.tags.scratch, undefined)
    assert.deepEqual(stored.data.metrics.loss, {
      key: 'loss',
      value: 0.2,
      timestamp: 1_700_000_000_104,
      step: 4,
    })
    assert.deepEqual(stored.data.metrics.acc, {
      key: 'acc',
      value: 0.9,
      timestamp: 1_700_000_000_201,
      step: 1,
    })
    assert.equal(stored.info.status, 'FINISHED')
    assert.equal(stored.info.endTime, 1_700_000_001_000)
    assert.equal(stored.info.userId, 'npm')
    assert.equal(stored.info.startTime, 1_700_000_000_000)
  })

  it('reads the run back through the client as the store has it', async () => {
    const { run } = await client.Runs.get({ run_id: runId })
    const stored = await store.getRun(runId)
    assertSameRun(run, stored)
  })

  it('reads the metric history as the store has it', async () => {
    const { metrics } = await client.Metrics.getHistory({ run_id: runId, metric_key: 'loss' })
    const stored = await store.getMetricHistory(runId, 'loss')
    assert.equal(stored.length, 5)
    assert.deepEqual(
      metrics,
      stored.map((m) => ({ key: m.key, value: m.value, timestamp: m.timestamp, step: m.step })),
    )
    assert.deepEqual(
      metrics.map((m) => m.step),
      [0, 1, 2, 3, 4],
    )
  })

  it('searches runs as the store does', async () => {
    const { run: other } = await quiet(() =>
      client.Runs.create({ experiment_id: experimentId, user_id: 'npm', start_time: 1_700_000_002_000 }),
    )
    await quiet(() => client.Runs.logParameter({ run_id: other.info.run_id, key: 'lr', value: '0.1' }))

    const found = await quiet(() =>
      client.Runs.search({
        experiment_ids: [experimentId],
        filter: "params.lr = '0.01'",
        order_by: ['attributes.start_time DESC'],
      }),
    )
    const stored = await store.searchRuns({ experimentIds: [experimentId], filter: "params.lr = '0.01'" })
    assert.deepEqual(
      found.runs.map((r) => r.info.run_id),
      stored.items.map((r) => r.info.runId),
    )
    assert.deepEqual(
      found.runs.map((r) => r.info.run_id),
      [runId],
    )
    const all = await quiet(() => client.Runs.search({ experiment_ids: [experimentId], max_results: 1 }))
    assert.equal(all.runs.length, 1)
    assert.equal(typeof all.next_page_token, 'string')
    assert.equal(all.runs[0]?.info.run_id, other.info.run_id)
  })

  it('lists artifacts as the store and artifact store have them', async () => {
    const { info } = await store.getRun(runId)
    await artifacts.logBytes(info, 'model/model.onnx', Buffer.from('onnx'))
    await artifacts.logBytes(info, 'metrics.json', Buffer.from('{"auc":0.9}'))
    const root = await client.Artifacts.list({ run_id: runId, path: '' })
    assert.deepEqual(root, {
      root_uri: info.artifactUri,
      files: [
        { path: 'metrics.json', is_dir: false, file_size: 11 },
        { path: 'model', is_dir: true },
      ],
    })
    const folder = await client.Artifacts.list({ run_id: runId, path: 'model' })
    assert.deepEqual(folder.files, [{ path: 'model/model.onnx', is_dir: false, file_size: 4 }])
  })

  it('deletes and restores runs and experiments', async () => {
    await quiet(() => client.Runs.delete({ run_id: runId }))
    assert.equal((await store.getRun(runId)).info.lifecycleStage, 'deleted')
    await quiet(() => client.Runs.restore({ run_id: runId }))
    assert.equal((await store.getRun(runId)).info.lifecycleStage, 'active')
    await quiet(() => client.Experiments.delete({ experiment_id: experimentId }))
    assert.equal((await store.getExperiment(experimentId)).lifecycleStage, 'deleted')
    const { experiments } = await client.Experiments.list({ view_type: 'DELETED_ONLY' as never })
    assert.deepEqual(
      experiments.map((e) => e.experiment_id),
      [experimentId],
    )
    await quiet(() => client.Experiments.restore({ experiment_id: experimentId }))
    assert.equal((await store.getExperiment(experimentId)).lifecycleStage, 'active')
  })

  it("fails as MLflow does: 404 for an unknown run, 400 for MLflow's limits", async () => {
    const unknown = await wireError(() => client.Runs.get({ run_id: 'f'.repeat(32) }))
    assert.equal(unknown.status, 404)
    assert.equal(unknown.data.error_code, 'RESOURCE_DOES_NOT_EXIST')
    const tooLong = await wireError(() =>
      client.Runs.logParameter({ run_id: runId, key: 'big', value: 'x'.repeat(6001) }),
    )
    assert.equal(tooLong.status, 400)
    assert.equal(tooLong.data.error_code, 'INVALID_PARAMETER_VALUE')
    const metrics = Array.from({ length: 1001 }, (_, step) => ({ key: 'm', value: step, timestamp: 1, step }))
    const tooMany = await wireError(() => client.Runs.logBatch({ run_id: runId, metrics }))
    assert.equal(tooMany.status, 400)
    assert.match(tooMany.data.message, /1000/)
    // Within every count limit but over MLflow's 1 MB per batch request, which the server's larger
    // default body limit must not lift.
    const params = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: 'x'.repeat(6000) }))
    const tags = Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: 'x'.repeat(5000) }))
    const tooBig = await wireError(() => client.Runs.logBatch({ run_id: runId, params, tags }))
    assert.equal(tooBig.status, 400)
    assert.equal(tooBig.data.error_code, 'INVALID_PARAMETER_VALUE')
    assert.equal((await store.getRun(runId)).data.params.p0, undefined)
  })

  it('serves the same API under /ajax-api, where MLflow’s web UI calls it', async () => {
    const response = await fetch(`${client.endpoint}/ajax-api/2.0/mlflow/runs/get?run_id=${runId}`)
    assert.equal(response.status, 200)
    const { run } = (await response.json()) as { run: { info: { run_id: string } } }
    assert.equal(run.info.run_id, runId)
  })
})

/** A run as the client got it equals the run in the store, field by field. */
function assertSameRun(
  wire: import('mlflow/lib/interface.js').Run & { info: { run_name?: string } },
  stored: Run,
): void {
  assert.equal(wire.info.run_id, stored.info.runId)
  assert.equal(wire.info.run_name, stored.info.runName)
  assert.equal(wire.info.experiment_id, stored.info.experimentId)
  assert.equal(wire.info.user_id, stored.info.userId)
  assert.equal(wire.info.status, stored.info.status)
  assert.equal(wire.info.start_time, stored.info.startTime)
  assert.equal(wire.info.end_time, stored.info.endTime)
  assert.equal(wire.info.artifact_uri, stored.info.artifactUri)
  assert.equal(wire.info.lifecycle_stage, stored.info.lifecycleStage)
  assert.deepEqual(sortByKey(wire.data.metrics), sortByKey(Object.values(stored.data.metrics)))
  assert.deepEqual(
    sortByKey(wire.data.params),
    sortByKey(Object.entries(stored.data.params).map(([key, value]) => ({ key, value }))),
  )
  assert.deepEqual(
    sortByKey(wire.data.tags),
    sortByKey(Object.entries(stored.data.tags).map(([key, value]) => ({ key, value }))),
  )
}
