import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { assertError, call } from '../server/test-app.js'
import type { InferenceServer } from './inference-server.js'
import {
  openServingFixture,
  registerClassifier,
  registerForeignClassifier,
  registerRegressor,
  type ServingFixture,
  testInferenceServer,
} from './testing/serving-fixtures.js'

const LIMA = { amount: 1, city: 'lima' }
const MAX_ROWS = 50
const BODY_LIMIT = 64 * 1024

type V1Body = { predictions: unknown[]; model_name: string; model_version: string; request_id: string }

describe('inference server', () => {
  let fixture: ServingFixture
  let server: InferenceServer
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await registerRegressor(fixture.registry, 'spend', 10)
    await registerClassifier(fixture.registry, 'big')
    await registerForeignClassifier(fixture.registry, 'iris')
    await fixture.registry.setAlias('spend', 'production', 1)
    await fixture.registry.setAlias('big', 'production', 1)
    await fixture.registry.setAlias('iris', 'production', 1)
    server = await testInferenceServer(fixture, {
      routes: ['spend', 'big', 'iris'].map((name) => ({ name, ref: { kind: 'alias', alias: 'production' } })),
      defaultModel: 'spend',
      maxRows: MAX_ROWS,
      bodyLimit: BODY_LIMIT,
    })
    await server.start()
  })
  after(async () => {
    await server.app.close()
    await fixture.close()
  })
  const post = <T = Record<string, unknown>>(
    url: string,
    payload: unknown,
    headers: Record<string, string> = {},
  ) => call<T>(server.app, 'POST', url, payload, headers)
  const get = <T = Record<string, unknown>>(url: string) => call<T>(server.app, 'GET', url)

  describe('TF-Serving / KServe V1', () => {
    it('predicts with the route of the model, answering who answered', async () => {
      const result = await post<V1Body>('/v1/models/spend:predict', {
        instances: [LIMA, { amount: 30, city: 'oslo' }],
      })
      assert.equal(result.status, 200, JSON.stringify(result.body))
      assert.deepEqual(roundAll(result.body.predictions), [1, 35])
      assert.equal(result.body.model_name, 'spend')
      assert.equal(result.body.model_version, '1')
      assert.equal(result.body.request_id, result.headers['x-request-id'])
      assert.equal(result.headers['x-model-name'], 'spend')
      assert.equal(result.headers['x-model-version'], '1')
    })

    it('echoes the caller’s X-Request-Id, and makes one up when it is absent or unfit', async () => {
      const given = await post<V1Body>(
        '/v1/models/spend:predict',
        { instances: [LIMA] },
        { 'x-request-id': 'trace-42' },
      )
      assert.equal(given.headers['x-request-id'], 'trace-42')
      assert.equal(given.body.request_id, 'trace-42')
      const unfit = await post<V1Body>(
        '/v1/models/spend:predict',
        { instances: [LIMA] },
        { 'x-request-id': 'a b' },
      )
      assert.match(String(unfit.headers['x-request-id']), /^[0-9a-f-]{36}$/)
    })

    it('reads the body as JSON whatever its Content-Type says, as TF-Serving does for `curl -d`', async () => {
      const body = JSON.stringify({ instances: [LIMA] })
      const result = await post<V1Body>('/v1/models/spend:predict', body, {
        'content-type': 'application/x-www-form-urlencoded',
      })
      assert.equal(result.status, 200, JSON.stringify(result.body))
      assert.deepEqual(roundAll(result.body.predictions), [1])
    })

    it('predicts with a version or an alias named in the path, and reads columns given as inputs', async () => {
      const version = await post<V1Body>('/v1/models/spend/versions/2:predict', {
        inputs: { amount: [1], city: ['lima'] },
      })
      assert.deepEqual([roundAll(version.body.predictions), version.body.model_version], [[10], '2'])
      await fixture.registry.setAlias('spend', 'canary', 2)
      const label = await post<V1Body>('/v1/models/spend/labels/canary:predict', { instances: [LIMA] })
      assert.deepEqual([roundAll(label.body.predictions), label.headers['x-model-version']], [[10], '2'])
    })

    it('answers a classifier with each row’s label and class probabilities', async () => {
      const result = await post<V1Body>('/v1/models/big:predict', {
        instances: [
          { amount: 2, city: 'lima' },
          { amount: 35, city: 'oslo' },
        ],
      })
      assert.equal(result.status, 200, JSON.stringify(result.body))
      const [small, large] = result.body.predictions as {
        label: string
        probabilities: Record<string, number>
      }[]
      assert.equal(small!.label, 'no')
      assert.equal(large!.label, 'yes')
      assert.deepEqual(Object.keys(large!.probabilities), ['no', 'yes'])
      assert.ok(Math.abs(large!.probabilities.no! + large!.probabilities.yes! - 1) < 1e-5)
    })

    it('serves a model made elsewhere (skl2onnx layout, one [N, 4] input) from rows of values or named columns', async () => {
      const rows = await post<V1Body>('/v1/models/iris:predict', { instances: [[5.1, 3.5, 1.4, 0.2]] })
      assert.equal(rows.status, 200, JSON.stringify(rows.body))
      const named = await post<V1Body>('/v1/models/iris:predict', {
        instances: [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }],
      })
      assert.deepEqual(named.body.predictions, rows.body.predictions)
      const [first] = rows.body.predictions as { probabilities: Record<string, number> }[]
      assert.deepEqual(Object.keys(first!.probabilities), ['0', '1', '2'])
    })

    it('reports TF-Serving model status for the versions loaded, 404 for a model not loaded here', async () => {
      const status = await get('/v1/models/big')
      assert.deepEqual(status.body, {
        model_version_status: [
          { version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } },
        ],
      })
      assert.equal((await get('/v1/models/big/versions/1')).status, 200)
      assertError(await get('/v1/models/big/versions/7'), 404, 'RESOURCE_DOES_NOT_EXIST')
      assertError(await get('/v1/models/nope'), 404, 'RESOURCE_DOES_NOT_EXIST')
    })
  })

  describe('Open Inference Protocol V2', () => {
    const spendInputs = [
      { name: 'amount', shape: [1], datatype: 'FP64', data: [1] },
      { name: 'city', shape: [1], datatype: 'BYTES', data: ['lima'] },
    ]
    type V2Body = {
      model_name: string
      model_version: string
      id: string
      outputs: { name: string; data: number[] }[]
    }

    it('answers server liveness and readiness', async () => {
      assert.deepEqual((await get('/v2/health/live')).body, { live: true })
      assert.deepEqual((await get('/v2/health/ready')).body, { ready: true })
    })

    it('describes a model and a version from its signature', async () => {
      const metadata = await get('/v2/models/spend')
      assert.deepEqual(metadata.body, {
        name: 'spend',
        versions: ['1'],
        platform: 'onnxruntime',
        inputs: [
          { name: 'amount', datatype: 'FP64', shape: [-1, 1] },
          { name: 'city', datatype: 'BYTES', shape: [-1, 1] },
        ],
        outputs: [{ name: 'prediction', datatype: 'FP32', shape: [-1, 1] }],
      })
      assert.deepEqual((await get('/v2/models/spend/versions/2')).body.versions, ['2'])
      assertError(await get('/v2/models/nope'), 404, 'RESOURCE_DOES_NOT_EXIST')
    })

    it('answers model readiness, 404 for an unknown model or version', async () => {
      assert.deepEqual((await get('/v2/models/spend/ready')).body, { name: 'spend', ready: true })
      assert.equal((await get('/v2/models/spend/versions/2/ready')).status, 200)
      assertError(await get('/v2/models/spend/versions/9/ready'), 404, 'RESOURCE_DOES_NOT_EXIST')
    })

    it('infers with the route or a version, echoing the request id', async () => {
      const routed = await post<V2Body>('/v2/models/spend/infer', { id: 'r-1', inputs: spendInputs })
      assert.equal(routed.status, 200, JSON.stringify(routed.body))
      assert.equal(routed.body.id, 'r-1')
      assert.equal(routed.body.model_version, '1')
      assert.deepEqual(
        routed.body.outputs.map((o) => [o.name, roundAll(o.data)]),
        [['prediction', [1]]],
      )
      const pinned = await post<V2Body>('/v2/models/spend/versions/2/infer', { inputs: spendInputs })
      assert.deepEqual(roundAll(pinned.body.outputs[0]!.data), [10])
      assert.equal(pinned.headers['x-model-version'], '2')
    })

    it('refuses an output the model does not have, naming the ones it has', async () => {
      const result = await post('/v2/models/spend/infer', {
        inputs: spendInputs,
        outputs: [{ name: 'nope' }],
      })
      assertError(result, 400, 'BAD_REQUEST', { message: /prediction/, field: 'outputs[0]' })
    })
  })

  describe('MLflow scoring', () => {
    it('scores JSON dataframe_split and dataframe_records with the default model', async () => {
      const split = await post('/invocations', {
        dataframe_split: { columns: ['amount', 'city'], data: [[1, 'lima']] },
      })
      assert.equal(split.status, 200, JSON.stringify(split.body))
      assert.deepEqual(roundAll(split.body.predictions as number[]), [1])
      const records = await post('/invocations', { dataframe_records: [LIMA] })
      assert.deepEqual(roundAll(records.body.predictions as number[]), [1])
      assert.equal(records.headers['x-model-name'], 'spend')
    })

    it('scores CSV', async () => {
      const result = await post('/invocations', 'amount,city\n1,lima\n30,oslo\n', {
        'content-type': 'text/csv',
      })
      assert.equal(result.status, 200, JSON.stringify(result.body))
      assert.deepEqual(roundAll(result.body.predictions as number[]), [1, 35])
    })

    it('refuses other content types with 415, as MLflow does', async () => {
      const body = JSON.stringify({ dataframe_records: [LIMA] })
      const types: Record<string, string>[] = [
        { 'content-type': 'text/plain' },
        { 'content-type': 'application/json; format=pandas-split' },
        {},
      ]
      for (const headers of types) {
        const result = await post('/invocations', body, headers)
        assertError(result, 415, 'SHIPYARD_UNSUPPORTED_MEDIA_TYPE', { field: 'Content-Type' })
      }
    })

    it('answers /ping and /health once ready', async () => {
      assert.equal((await get('/ping')).status, 200)
      assert.equal((await get('/health')).status, 200)
    })
  })

  describe('bad input', () => {
    it('answers 400 for malformed JSON, on every protocol', async () => {
      for (const url of ['/v1/models/spend:predict', '/v2/models/spend/infer']) {
        assertError(
          await post(url, '{"instances": [', { 'content-type': 'application/json' }),
          400,
          'BAD_REQUEST',
        )
      }
      assertError(
        await post('/invocations', '{"dataframe', { 'content-type': 'application/json' }),
        400,
        'BAD_REQUEST',
      )
    })

    it('names an unknown column, and a value of the wrong type with its row', async () => {
      const unknown = await post('/v1/models/spend:predict', { instances: [{ amout: 1, city: 'lima' }] })
      assertError(unknown, 400, 'INVALID_PARAMETER_VALUE', { message: /amout/ })
      assert.equal(unknown.headers['x-model-name'], 'spend', 'the model whose signature refused it')
      const wrong = await post('/v1/models/spend:predict', {
        instances: [LIMA, { amount: 'lots', city: 'lima' }],
      })
      assertError(wrong, 400, 'INVALID_PARAMETER_VALUE', { field: 'amount', message: /row 1/ })
      const csv = await post('/invocations', 'amount,city\n1,lima\nlots,oslo\n', {
        'content-type': 'text/csv',
      })
      assertError(csv, 400, 'INVALID_PARAMETER_VALUE', { field: 'amount', message: /line 3/ })
    })

    it('answers 413 for more rows than the limit and for a body over the limit', async () => {
      const rows = Array.from({ length: MAX_ROWS + 1 }, () => LIMA)
      assertError(
        await post('/v1/models/spend:predict', { instances: rows }),
        413,
        'SHIPYARD_PAYLOAD_TOO_LARGE',
        {
          field: 'rows',
        },
      )
      const huge = { instances: [{ ...LIMA, note: 'x'.repeat(BODY_LIMIT) }] }
      assertError(await post('/v1/models/spend:predict', huge), 413, 'SHIPYARD_PAYLOAD_TOO_LARGE', {
        field: 'body',
      })
    })

    it('answers 404 for an unknown model or version and 400 for a version that is not a number', async () => {
      assertError(
        await post('/v1/models/nope:predict', { instances: [LIMA] }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      )
      assertError(
        await post('/v1/models/spend/versions/9:predict', { instances: [LIMA] }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      )
      assertError(
        await post('/v1/models/spend/versions/two:predict', { instances: [LIMA] }),
        400,
        'INVALID_PARAMETER_VALUE',
        {
          field: 'version',
        },
      )
    })

    it('answers an unknown endpoint with 404 ENDPOINT_NOT_FOUND, carrying a request id like every answer', async () => {
      const result = await post('/v1/models/spend:classify', { instances: [LIMA] })
      assertError(result, 404, 'ENDPOINT_NOT_FOUND')
      assert.ok(result.headers['x-request-id'])
      assert.equal(result.headers['x-model-name'], undefined, 'no model answered')
    })
  })
})

describe('inference server readiness and metrics', () => {
  let fixture: ServingFixture
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await fixture.registry.setAlias('spend', 'production', 1)
  })
  after(() => fixture.close())

  it('is live at once but not ready until every model is loaded', async () => {
    const server = await testInferenceServer(fixture, {
      routes: [{ name: 'spend', ref: { kind: 'alias', alias: 'production' } }],
    })
    try {
      assert.equal((await call(server.app, 'GET', '/healthz')).status, 200)
      assert.equal((await call(server.app, 'GET', '/v2/health/live')).status, 200)
      for (const url of ['/readyz', '/v2/health/ready', '/ping', '/health']) {
        assertError(await call(server.app, 'GET', url), 503, 'SHIPYARD_MODEL_NOT_READY', { message: /spend/ })
      }
      assertError(
        await call(server.app, 'POST', '/v1/models/spend:predict', { instances: [LIMA] }),
        503,
        'SHIPYARD_MODEL_NOT_READY',
      )
      await server.start()
      const ready = await call<{ models: { name: string; version: number }[] }>(server.app, 'GET', '/readyz')
      assert.equal(ready.status, 200)
      assert.deepEqual(
        ready.body.models.map((m) => [m.name, m.version]),
        [['spend', 1]],
      )
      assert.equal((await call(server.app, 'GET', '/v2/health/ready')).status, 200)
    } finally {
      await server.app.close()
    }
  })

  it('exposes Prometheus metrics that parse and count requests, errors, latency and load time', async () => {
    const server = await testInferenceServer(fixture, {
      routes: [{ name: 'spend', ref: { kind: 'alias', alias: 'production' } }],
    })
    try {
      await server.start()
      for (let i = 0; i < 3; i++)
        await call(server.app, 'POST', '/v1/models/spend:predict', { instances: [LIMA] })
      await call(server.app, 'POST', '/v1/models/spend:predict', {
        instances: [{ amount: 'x', city: 'lima' }],
      })
      await call(server.app, 'POST', '/invocations', 'x', { 'content-type': 'text/plain' })
      const scraped = await server.app.inject({ method: 'GET', url: '/metrics' })
      assert.equal(scraped.statusCode, 200)
      assert.match(String(scraped.headers['content-type']), /^text\/plain/)
      const samples = parsePrometheus(scraped.body)
      const value = (name: string, labels: Record<string, string>) =>
        samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
          ?.value
      const predict = { model: 'spend', version: '1', endpoint: 'v1_predict' }
      assert.equal(value('shipyard_inference_requests_total', { ...predict, status: '200' }), 3)
      assert.equal(value('shipyard_inference_requests_total', { ...predict, status: '400' }), 1)
      assert.equal(
        value('shipyard_inference_requests_total', { endpoint: 'invocations', status: '415', model: '' }),
        1,
      )
      assert.equal(value('shipyard_inference_errors_total', { code: 'INVALID_PARAMETER_VALUE' }), 1)
      assert.equal(value('shipyard_inference_errors_total', { code: 'SHIPYARD_UNSUPPORTED_MEDIA_TYPE' }), 1)
      assert.equal(
        value('shipyard_inference_request_duration_seconds_count', { model: 'spend', version: '1' }),
        3,
      )
      assert.ok((value('shipyard_model_load_seconds', { model: 'spend', version: '1' }) ?? 0) > 0)
      assert.ok(
        samples.some((s) => s.name === 'process_cpu_user_seconds_total'),
        'process metrics',
      )
    } finally {
      await server.app.close()
    }
  })
})

interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

/** Parses Prometheus' text format strictly enough that a malformed line fails the test. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (
      line === '' ||
      line.startsWith('# HELP ') ||
      /^# TYPE \w+ (counter|gauge|histogram|summary|untyped)$/.test(line)
    )
      continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    assert.ok(match, `not a Prometheus sample: ${line}`)
    const labels: Record<string, string> = {}
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!
    // Prometheus reads values as Go's ParseFloat does: NaN and Inf in any case (prom-client writes `Nan`).
    const value = Number(match[3]!.replace(/^([+-]?)inf$/i, '$1Infinity'))
    assert.ok(!Number.isNaN(value) || /^nan$/i.test(match[3]!), `not a number in: ${line}`)
    samples.push({ name: match[1]!, labels, value })
  }
  return samples
}

/** Regressor predictions rounded: the tiny models are exact to well under 0.5. */
function roundAll(values: readonly unknown[]): number[] {
  return values.map((v) => Math.round(v as number))
}
