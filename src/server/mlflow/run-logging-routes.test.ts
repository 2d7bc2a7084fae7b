import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachBackend } from '../../sql/test-databases.js'
import { type MlflowTestApp, openMlflowTestApp, PREFIX } from './mlflow-test-app.js'

describeEachBackend('MLflow logging API', (backend) => {
  let t: MlflowTestApp
  before(async () => {
    t = await openMlflowTestApp(backend)
  })
  after(() => t.close())

  async function createRun(): Promise<string> {
    return (await t.post('/runs/create', { experiment_id: '0' })).body.run.info.run_id
  }

  it('logs metrics with steps and reads their history, ordered by step', async () => {
    const runId = await createRun()
    for (const [step, value] of [
      [2, 0.3],
      [0, 0.1],
      [1, 0.2],
    ] as const) {
      const answer = await t.post('/runs/log-metric', {
        run_id: runId,
        key: 'loss',
        value,
        timestamp: 1000 + step,
        step,
      })
      assert.deepEqual(answer, { status: 200, body: {} })
    }
    const history = await t.get('/metrics/get-history', { run_uuid: runId, metric_key: 'loss' })
    assert.equal(history.status, 200)
    assert.deepEqual(history.body.metrics, [
      { key: 'loss', value: 0.1, timestamp: 1000, step: 0 },
      { key: 'loss', value: 0.2, timestamp: 1001, step: 1 },
      { key: 'loss', value: 0.3, timestamp: 1002, step: 2 },
    ])
    const run = await t.get('/runs/get', { run_id: runId })
    assert.deepEqual(run.body.run.data.metrics, [{ key: 'loss', value: 0.3, timestamp: 1002, step: 2 }])
  })

  it('takes protobuf-JSON scalars: int64 as strings, non-finite doubles by name', async () => {
    const runId = await createRun()
    for (const [value, step] of [
      ['NaN', '1'],
      ['Infinity', '2'],
      ['-Infinity', '3'],
      ['2.5', '4'],
    ]) {
      const answer = await t.post('/runs/log-metric', {
        run_id: runId,
        key: 'odd',
        value,
        timestamp: '1700000000000',
        step,
      })
      assert.equal(answer.status, 200, JSON.stringify(answer.body))
    }
    const stored = await t.store.getMetricHistory(runId, 'odd')
    assert.deepEqual(
      stored.map((m) => [m.value, m.step, m.timestamp]),
      [
        [Number.NaN, 1, 1_700_000_000_000],
        [Infinity, 2, 1_700_000_000_000],
        [-Infinity, 3, 1_700_000_000_000],
        [2.5, 4, 1_700_000_000_000],
      ],
    )
    const history = await t.get('/metrics/get-history', { run_id: runId, metric_key: 'odd' })
    assert.deepEqual(
      history.body.metrics.map((m: { value: unknown }) => m.value),
      ['NaN', 'Infinity', '-Infinity', 2.5],
    )
    const defaultStep = await t.post('/runs/log-metric', {
      run_id: runId,
      key: 'nostep',
      value: 1,
      timestamp: 5,
    })
    assert.equal(defaultStep.status, 200)
    assert.equal((await t.store.getMetricHistory(runId, 'nostep'))[0]?.step, 0)
  })

  it('refuses metric values and times of the wrong type, naming the field', async () => {
    const runId = await createRun()
    const cases: [object, RegExp][] = [
      [{ key: 'm', value: 'abc', timestamp: 1 }, /'value'/],
      [{ key: 'm', value: true, timestamp: 1 }, /Invalid value true for parameter 'value'/],
      [{ key: 'm', value: 1, timestamp: 1.5 }, /'timestamp'/],
      [{ key: 'm', value: 1, timestamp: 'soon' }, /'timestamp'/],
      [{ key: 'm', value: 1, timestamp: 1, step: '1e3' }, /'step'/],
      [{ key: 'm', value: 1 }, /Missing value for required parameter 'timestamp'/],
      [{ key: 7, value: 1, timestamp: 1 }, /'key'/],
    ]
    for (const [body, message] of cases) {
      const answer = await t.post('/runs/log-metric', { run_id: runId, ...body })
      assert.equal(answer.status, 400, JSON.stringify(body))
      assert.equal(answer.body.error_code, 'INVALID_PARAMETER_VALUE')
      assert.match(answer.body.message, message)
      assert.equal(typeof answer.body.details.field, 'string')
    }
    assert.deepEqual(await t.store.getMetricHistory(runId, 'm'), [])
  })

  it('logs params and tags, deletes tags, and enforces MLflow length limits', async () => {
    const runId = await createRun()
    assert.deepEqual(await t.post('/runs/log-parameter', { run_id: runId, key: 'lr', value: '0.1' }), {
      status: 200,
      body: {},
    })
    assert.deepEqual(await t.post('/runs/set-tag', { run_uuid: runId, key: 'team', value: 'risk' }), {
      status: 200,
      body: {},
    })
    let run = await t.store.getRun(runId)
    assert.equal(run.data.params.lr, '0.1')
    assert.equal(run.data.tags.team, 'risk')

    const changed = await t.post('/runs/log-parameter', { run_id: runId, key: 'lr', value: '0.2' })
    assert.equal(changed.status, 400)
    assert.equal(changed.body.error_code, 'INVALID_PARAMETER_VALUE')

    assert.deepEqual(await t.post('/runs/delete-tag', { run_id: runId, key: 'team' }), {
      status: 200,
      body: {},
    })
    run = await t.store.getRun(runId)
    assert.equal(run.data.tags.team, undefined)

    const limits: [string, object][] = [
      ['/runs/log-parameter', { key: 'big', value: 'x'.repeat(6001) }],
      ['/runs/log-parameter', { key: 'k'.repeat(251), value: 'v' }],
      ['/runs/set-tag', { key: 'big', value: 'x'.repeat(5001) }],
      ['/runs/log-metric', { key: 'k'.repeat(251), value: 1, timestamp: 1 }],
    ]
    for (const [path, body] of limits) {
      const answer = await t.post(path, { run_id: runId, ...body })
      assert.equal(answer.status, 400, path)
      assert.equal(answer.body.error_code, 'INVALID_PARAMETER_VALUE')
    }
    assert.equal(
      (await t.post('/runs/log-parameter', { run_id: runId, key: 'max', value: 'x'.repeat(6000) })).status,
      200,
    )
    assert.equal(
      (await t.post('/runs/set-tag', { run_id: runId, key: 'max', value: 'x'.repeat(5000) })).status,
      200,
    )
    run = await t.store.getRun(runId)
    assert.equal(run.data.params.big, undefined)
    assert.equal(run.data.params.max?.length, 6000)
  })

  it('logs a batch atomically and ignores unknown fields', async () => {
    const runId = await createRun()
    const answer = await t.post('/runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'acc', value: 0.5, timestamp: 10, step: 0, colour: 'red' },
        { key: 'acc', value: 0.6, timestamp: '11', step: '1' },
      ],
      params: [{ key: 'depth', value: '6' }],
      tags: [{ key: 'note', value: 'batch' }],
      something_new: { nested: true },
    })
    assert.deepEqual(answer, { status: 200, body: {} })
    const run = await t.store.getRun(runId)
    assert.deepEqual(run.data.params, { depth: '6' })
    assert.equal(run.data.tags.note, 'batch')
    assert.deepEqual(
      (await t.store.getMetricHistory(runId, 'acc')).map((m) => m.value),
      [0.5, 0.6],
    )
    const badSecond = await t.post('/runs/log-batch', {
      run_id: runId,
      params: [{ key: 'ok', value: '1' }],
      metrics: [
        { key: 'x', value: 1, timestamp: 1 },
        { key: 'x', value: 'oops', timestamp: 1 },
      ],
    })
    assert.equal(badSecond.status, 400)
    assert.match(badSecond.body.message, /'metrics\[1\]\.value'/)
    assert.equal((await t.store.getRun(runId)).data.params.ok, undefined)
  })

  it("refuses batches over MLflow's limits, naming the field and the limit", async () => {
    const runId = await createRun()
    const metrics = Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: 1, step: i }))
    const tooMany = await t.post('/runs/log-batch', { run_id: runId, metrics })
    assert.equal(tooMany.status, 400)
    assert.equal(tooMany.body.error_code, 'INVALID_PARAMETER_VALUE')
    assert.match(tooMany.body.message, /metrics.*1000/)
    const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' }))
    const tooManyParams = await t.post('/runs/log-batch', { run_id: runId, params })
    assert.equal(tooManyParams.status, 400)
    assert.match(tooManyParams.body.message, /params.*100/)
    const tags = Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, value: 'v' }))
    assert.equal((await t.post('/runs/log-batch', { run_id: runId, tags })).status, 400)
    const total = await t.post('/runs/log-batch', {
      run_id: runId,
      metrics: metrics.slice(0, 950),
      params: params.slice(0, 60),
    })
    assert.equal(total.status, 400)
    assert.match(total.body.message, /1000/)
    assert.deepEqual(await t.store.getMetricHistory(runId, 'm'), [])
  })

  it('refuses a log-batch body over 1 MiB with 400 INVALID_PARAMETER_VALUE', async () => {
    const runId = await createRun()
    const answer = await t.post('/runs/log-batch', { run_id: runId, padding: 'x'.repeat(1024 * 1024) })
    assert.equal(answer.status, 400)
    assert.equal(answer.body.error_code, 'INVALID_PARAMETER_VALUE')
    assert.match(answer.body.message, /1048576 bytes/)
    const justUnder = await t.post('/runs/log-batch', {
      run_id: runId,
      padding: 'x'.repeat(1024 * 1024 - 100),
    })
    assert.equal(justUnder.status, 200)
  })

  it('lists artifacts at the root and in folders', async () => {
    const runId = await createRun()
    const { info } = await t.store.getRun(runId)
    await t.artifacts.logBytes(info, 'model/weights.bin', new Uint8Array([1, 2, 3]))
    await t.artifacts.logBytes(info, 'readme.txt', Buffer.from('hello'))
    const root = await t.get('/artifacts/list', { run_id: runId })
    assert.equal(root.status, 200)
    assert.equal(root.body.root_uri, info.artifactUri)
    assert.deepEqual(root.body.files, [
      { path: 'model', is_dir: true },
      { path: 'readme.txt', is_dir: false, file_size: 5 },
    ])
    const folder = await t.get('/artifacts/list', { run_uuid: runId, path: 'model' })
    assert.deepEqual(folder.body.files, [{ path: 'model/weights.bin', is_dir: false, file_size: 3 }])
    const outside = await t.get('/artifacts/list', { run_id: runId, path: '../other' })
    assert.equal(outside.status, 400)
    assert.equal(outside.body.error_code, 'INVALID_PARAMETER_VALUE')
    const empty = await t.get('/artifacts/list', { run_id: await createRun() })
    assert.deepEqual(empty.body.files, [])
  })

  it('refuses GET on a POST endpoint as ENDPOINT_NOT_FOUND', async () => {
    const answer = await t.app.inject({ method: 'GET', url: `${PREFIX}/runs/log-batch` })
    assert.equal(answer.statusCode, 404)
    assert.equal(answer.json().error_code, 'ENDPOINT_NOT_FOUND')
  })
})
