import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachBackend } from '../../sql/test-databases.js'
import { type MlflowTestApp, openMlflowTestApp } from './mlflow-test-app.js'

describeEachBackend('MLflow runs API', (backend) => {
  let t: MlflowTestApp
  let experimentId: string
  before(async () => {
    t = await openMlflowTestApp(backend)
    experimentId = (await t.post('/experiments/create', { name: 'runs' })).body.experiment_id
  })
  after(() => t.close())

  async function createRun(extra: object = {}): Promise<string> {
    const { status, body } = await t.post('/runs/create', { experiment_id: experimentId, ...extra })
    assert.equal(status, 200, JSON.stringify(body))
    return body.run.info.run_id
  }

  it('creates a run and returns it whole, as MLflow does', async () => {
    const { status, body } = await t.post('/runs/create', {
      experiment_id: experimentId,
      user_id: 'ana',
      run_name: 'first',
      start_time: '1700000000000',
      tags: [{ key: 'team', value: 'risk' }],
    })
    assert.equal(status, 200)
    const { info, data } = body.run
    assert.match(info.run_id, /^[0-9a-f]{32}$/)
    assert.equal(info.run_uuid, info.run_id)
    assert.equal(info.run_name, 'first')
    assert.equal(info.experiment_id, experimentId)
    assert.equal(info.user_id, 'ana')
    assert.equal(info.status, 'RUNNING')
    assert.equal(info.start_time, 1_700_000_000_000)
    assert.equal('end_time' in info, false)
    assert.equal(info.lifecycle_stage, 'active')
    assert.match(info.artifact_uri, new RegExp(`${info.run_id}/artifacts$`))
    assert.deepEqual(data.metrics, [])
    assert.deepEqual(data.params, [])
    assert.equal(data.tags.find((tag: { key: string }) => tag.key === 'team').value, 'risk')
  })

  it('gets a run by run_id or by run_uuid, run_id winning', async () => {
    const runId = await createRun()
    const byId = await t.get('/runs/get', { run_id: runId })
    assert.equal(byId.status, 200)
    assert.equal(byId.body.run.info.run_id, runId)
    const byUuid = await t.get('/runs/get', { run_uuid: runId })
    assert.deepEqual(byUuid.body, byId.body)
    const both = await t.get('/runs/get', { run_id: runId, run_uuid: 'f'.repeat(32) })
    assert.equal(both.body.run.info.run_id, runId)
    const neither = await t.get('/runs/get')
    assert.equal(neither.status, 400)
    assert.equal(neither.body.message, "Missing value for required parameter 'run_id'.")
  })

  it('answers 404 RESOURCE_DOES_NOT_EXIST for an unknown run or experiment', async () => {
    const unknown = '0'.repeat(32)
    for (const answer of [
      await t.get('/runs/get', { run_id: unknown }),
      await t.post('/runs/update', { run_id: unknown, status: 'FINISHED' }),
      await t.post('/runs/delete', { run_id: unknown }),
      await t.post('/runs/log-metric', { run_id: unknown, key: 'm', value: 1, timestamp: 1 }),
      await t.get('/metrics/get-history', { run_id: unknown, metric_key: 'm' }),
      await t.get('/artifacts/list', { run_id: unknown }),
      await t.post('/runs/create', { experiment_id: '123456789' }),
    ]) {
      assert.equal(answer.status, 404, JSON.stringify(answer.body))
      assert.equal(answer.body.error_code, 'RESOURCE_DOES_NOT_EXIST')
    }
  })

  it('updates status, end time and name, answering run_info', async () => {
    const runId = await createRun()
    const { status, body } = await t.post('/runs/update', {
      run_uuid: runId,
      status: 'FINISHED',
      end_time: 1_700_000_100_000,
      run_name: 'renamed',
    })
    assert.equal(status, 200)
    assert.equal(body.run_info.status, 'FINISHED')
    assert.equal(body.run_info.end_time, 1_700_000_100_000)
    assert.equal(body.run_info.run_name, 'renamed')
    const stored = await t.store.getRun(runId)
    assert.equal(stored.info.status, 'FINISHED')
    assert.equal(stored.info.endTime, 1_700_000_100_000)
    const badStatus = await t.post('/runs/update', { run_id: runId, status: 'DONE' })
    assert.equal(badStatus.status, 400)
    assert.match(badStatus.body.message, /'status'.*RUNNING, SCHEDULED, FINISHED, FAILED, KILLED/)
  })

  it('deletes and restores a run', async () => {
    const runId = await createRun()
    assert.deepEqual(await t.post('/runs/delete', { run_id: runId }), { status: 200, body: {} })
    assert.equal((await t.store.getRun(runId)).info.lifecycleStage, 'deleted')
    const logToDeleted = await t.post('/runs/set-tag', { run_id: runId, key: 'k', value: 'v' })
    assert.equal(logToDeleted.status, 400)
    assert.equal(logToDeleted.body.error_code, 'INVALID_STATE')
    assert.deepEqual(await t.post('/runs/restore', { run_id: runId }), { status: 200, body: {} })
    assert.equal((await t.store.getRun(runId)).info.lifecycleStage, 'active')
  })

  it('searches runs with a filter, an ordering and pages', async () => {
    const exp = (await t.post('/experiments/create', { name: 'runs-search' })).body.experiment_id
    const ids: string[] = []
    for (const [i, auc] of [0.7, 0.9, 0.8].entries()) {
      const run = (await t.post('/runs/create', { experiment_id: exp, run_name: `r${i}` })).body.run.info
        .run_id
      await t.post('/runs/log-metric', { run_id: run, key: 'auc', value: auc, timestamp: 1 })
      ids.push(run)
    }
    const { status, body } = await t.post('/runs/search', {
      experiment_ids: [exp],
      filter: 'metrics.auc > 0.75',
      order_by: ['metrics.auc DESC'],
    })
    assert.equal(status, 200, JSON.stringify(body))
    assert.deepEqual(
      body.runs.map((r: { info: { run_id: string } }) => r.info.run_id),
      [ids[1], ids[2]],
    )
    assert.equal(body.next_page_token, undefined)

    const first = await t.post('/runs/search', { experiment_ids: [exp], max_results: 2 })
    assert.equal(first.body.runs.length, 2)
    const second = await t.post('/runs/search', {
      experiment_ids: [exp],
      max_results: 2,
      page_token: first.body.next_page_token,
    })
    assert.equal(second.body.runs.length, 1)
    assert.equal(second.body.next_page_token, undefined)
    const all = [...first.body.runs, ...second.body.runs].map(
      (r: { info: { run_id: string } }) => r.info.run_id,
    )
    assert.deepEqual(all.sort(), [...ids].sort())

    await t.post('/runs/delete', { run_id: ids[0] })
    const deleted = await t.post('/runs/search', { experiment_ids: [exp], run_view_type: 'DELETED_ONLY' })
    assert.deepEqual(
      deleted.body.runs.map((r: { info: { run_id: string } }) => r.info.run_id),
      [ids[0]],
    )

    const badFilter = await t.post('/runs/search', { experiment_ids: [exp], filter: 'metrics.auc >> 1' })
    assert.equal(badFilter.status, 400)
    assert.equal(badFilter.body.error_code, 'INVALID_PARAMETER_VALUE')
    const badIds = await t.post('/runs/search', { experiment_ids: exp })
    assert.equal(badIds.status, 400)
    assert.match(badIds.body.message, /'experiment_ids'/)
  })
})
