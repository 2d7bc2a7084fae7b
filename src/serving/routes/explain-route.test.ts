// The explain endpoint on a real inference server over a temp Shipyard home: models trained with
// trainRun and registered from their runs (GBDT and linear, binary, multiclass and regression), one
// imported ONNX model, explained through `explainV1` mounted as the lead mounts it in v1-routes, and
// compared with the same server's `:predict` answers.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { VersionModels } from '../../explain/index.js'
import { explainData, jsonRows, registerTrained } from '../../explain/testing/explain-fixtures.js'
import type { TrainedModel, TrainOptions } from '../../models/index.js'
import { importOnnxModel } from '../../registry/index.js'
import { Shipyard } from '../../sdk/index.js'
import { assertError, call } from '../../server/test-app.js'
import { buildInferenceServer, type InferenceServer } from '../inference-server.js'
import type { ModelSelector } from '../model-pool.js'
import { EXPLAIN_MAX_ROWS, explainV1, type V1ExplainResponse } from './explain-route.js'
import { versionParam } from './route-deps.js'

const MAX_ROWS = 2000
const { train: TRAIN, apply: APPLY } = explainData(700, 11)

type Output = V1ExplainResponse['explanations'][number]
type One = Exclude<Output, readonly unknown[]>

/** Asserts base + Σ contributions = raw score, over raw columns and over features. */
function assertAdditive(one: One, what: string): void {
  for (const [view, values] of [
    ['columns', one.contributions],
    ['features', one.feature_contributions],
  ] as const) {
    const sum = Object.values(values).reduce((total, v) => total + v, one.base_value)
    assert.ok(
      Math.abs(sum - one.raw_score) <= 1e-6 * Math.max(1, Math.abs(one.raw_score)),
      `${what} ${view}: ${sum} vs ${one.raw_score}`,
    )
  }
}

describe('POST /v1/models/{name}:explain', () => {
  let home: string
  let shipyard: Shipyard
  let server: InferenceServer
  const trained = new Map<string, TrainedModel>()

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'shipyard-explain-route-'))
    shipyard = await Shipyard.open({ home })
    const register = async (name: string, options: TrainOptions) => {
      const { version, model } = await registerTrained(shipyard, name, TRAIN, { seed: 1, ...options })
      trained.set(`${name}@${version.version}`, model)
    }
    await register('churn', { target: 'target', params: { num_trees: 15 } })
    await register('churn', { target: 'target', model: 'linear' })
    await register('tier', { target: 'tier', params: { num_trees: 5 } })
    await register('value', { target: 'value', model: 'linear' })
    await importOnnxModel(shipyard.registry, {
      name: 'iris',
      onnx: await readFile(
        new URL('../../../test/fixtures/foreign-onnx/logreg-3class.onnx', import.meta.url),
      ),
      source: 'logreg-3class.onnx',
      features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    })
    await shipyard.registry.setAlias('churn', 'production', 1)
    await shipyard.registry.setAlias('churn', 'challenger', 2)
    server = await buildInferenceServer({
      registry: shipyard.registry,
      routes: [{ name: 'churn', ref: { kind: 'alias', alias: 'production' } }],
      maxRows: MAX_ROWS,
    })
    // Mounted beside the server's own routes, as v1-routes mounts it for `{target}:explain`.
    const deps = {
      pool: server.pool,
      feeds: { maxRows: MAX_ROWS, unknownColumns: 'reject' as const },
      models: new VersionModels({ tracking: shipyard.store, artifacts: shipyard.artifacts }),
    }
    type Params = { name: string; version?: string; alias?: string }
    const mount = (path: string, selector: (params: Params) => ModelSelector) =>
      server.app.post<{ Params: Params }>(path, (request) =>
        explainV1(deps, request, selector(request.params)),
      )
    mount('/explain/:name', ({ name }) => ({ name, kind: 'default' }))
    mount('/explain/:name/versions/:version', ({ name, version }) => ({
      name,
      kind: 'version',
      version: versionParam(version!),
    }))
    mount('/explain/:name/labels/:alias', ({ name, alias }) => ({ name, kind: 'alias', alias: alias! }))
    await server.start()
  })
  after(async () => {
    await server?.app.close()
    await shipyard?.close()
    await rm(home, { recursive: true, force: true })
  })

  const explain = (path: string, body: unknown) => call<V1ExplainResponse>(server.app, 'POST', path, body)
  const ROWS = 40

  for (const [kind, version] of [
    ['GBDT', 1],
    ['linear', 2],
  ] as const) {
    it(`${kind} binary: base + contributions = raw score = the served probability's logit`, async () => {
      const body = { instances: jsonRows(APPLY, ROWS) }
      const result = await explain(`/explain/churn/versions/${version}`, body)
      assert.equal(result.status, 200, JSON.stringify(result.body))
      const answer = result.body
      assert.equal(answer.space, 'log_odds')
      assert.equal(answer.positive_class, 1)
      assert.deepEqual([answer.model_name, answer.model_version], ['churn', String(version)])
      assert.equal(answer.request_id, result.headers['x-request-id'])
      assert.equal(result.headers['x-model-version'], String(version))
      assert.equal(answer.explanations.length, ROWS)

      const model = trained.get(`churn@${version}`)!
      const inProcess = model.predictRaw(APPLY.take(Array.from({ length: ROWS }, (_, i) => i)))
      const predicted = await call<{ predictions: { probabilities: Record<string, number> }[] }>(
        server.app,
        'POST',
        `/v1/models/churn/versions/${version}:predict`,
        body,
      )
      assert.equal(predicted.status, 200)
      answer.explanations.forEach((output, row) => {
        const one = output as One
        assert.deepEqual(
          Object.keys(one.contributions),
          model.signature.inputs.map((input) => input.name),
        )
        assert.deepEqual(Object.keys(one.feature_contributions), model.pipeline.featureNames)
        assertAdditive(one, `row ${row}`)
        // The request's JSON went through decoding and feeds to the same rows the dataset holds.
        assert.ok(Math.abs(one.raw_score - inProcess[row]!) <= 1e-9, `row ${row}: ${one.raw_score}`)
        // onnxruntime answers in float32: p carries ~6e-8, which the logit magnifies by 1 / (p (1 - p)).
        const p = predicted.body.predictions[row]!.probabilities['1']!
        const logit = Math.log(p / (1 - p))
        const tolerance = 1e-5 * Math.max(1, Math.abs(logit)) + 1.2e-7 / (p * (1 - p))
        assert.ok(
          Math.abs(one.raw_score - logit) <= tolerance,
          `row ${row}: ${one.raw_score} vs logit ${logit}`,
        )
      })
    })
  }

  it('multiclass: one explanation per class, named, each adding up', async () => {
    const result = await explain('/explain/tier/versions/1', { instances: jsonRows(APPLY, 5) })
    assert.equal(result.status, 200, JSON.stringify(result.body))
    assert.equal(result.body.space, 'raw')
    assert.equal(result.body.positive_class, undefined)
    for (const [row, output] of result.body.explanations.entries()) {
      assert.ok(Array.isArray(output))
      const perClass = output as readonly (One & { class: string })[]
      assert.deepEqual(
        perClass.map((one) => one.class),
        ['high', 'low', 'mid'],
      )
      for (const one of perClass) assertAdditive(one, `row ${row} class ${one.class}`)
      assert.ok(
        perClass.some((one) => Math.abs(one.contributions.amount!) > 0),
        'amount matters',
      )
    }
  })

  it('regression: the raw score is the served prediction', async () => {
    // Columns (`inputs`), most of them missing: the pipeline imputes them as :predict does.
    const missing = ['small', 'constant', 'device', 'is_member', 'signup'].map((name) => [name, [null, null]])
    const full = {
      inputs: {
        amount: [12, null],
        count: [3, 0],
        city: ['oslo', 'atlantis'],
        ...Object.fromEntries(missing),
      },
    }
    const result = await explain('/explain/value/versions/1', full)
    assert.equal(result.status, 200, JSON.stringify(result.body))
    assert.equal(result.body.space, 'value')
    const predicted = await call<{ predictions: number[] }>(
      server.app,
      'POST',
      '/v1/models/value/versions/1:predict',
      full,
    )
    for (const [row, output] of result.body.explanations.entries()) {
      const one = output as One
      assertAdditive(one, `row ${row}`)
      const served = predicted.body.predictions[row]!
      assert.ok(Math.abs(one.raw_score - served) <= 1e-5 * Math.max(1, Math.abs(served)))
    }
  })

  it('the model route explains with the version its alias names; labels name an alias', async () => {
    const body = { instances: jsonRows(APPLY, 1) }
    const routed = await explain('/explain/churn', body)
    assert.equal(routed.body.model_version, '1')
    const labelled = await explain('/explain/churn/labels/challenger', body)
    assert.equal(labelled.body.model_version, '2')
    assertError(await explain('/explain/churn/labels/nobody', body), 404, 'RESOURCE_DOES_NOT_EXIST')
  })

  it('refuses an imported ONNX version with a 400 saying why', async () => {
    const result = await explain('/explain/iris/versions/1', {
      instances: [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }],
    })
    assertError(result, 400, 'INVALID_PARAMETER_VALUE', {
      message: /version 1 of model 'iris' cannot be explained: it was imported .*no trees/,
      field: 'model',
    })
  })

  it('refuses bad input as :predict does, naming the field and row', async () => {
    const [first, second] = jsonRows(APPLY, 2).map((row) => ({ ...row, amount: 5 }))
    assertError(await explain('/explain/churn/versions/1', { rows: [] }), 400, 'BAD_REQUEST', {
      field: 'instances',
    })
    const { amount: _amount, ...withoutAmount } = first!
    const missing = await explain('/explain/churn/versions/1', { instances: [withoutAmount, second] })
    assert.equal(missing.status, 200, 'a key absent from one row is a missing value there')
    assertError(
      await explain('/explain/churn/versions/1', { instances: [withoutAmount] }),
      400,
      'INVALID_PARAMETER_VALUE',
      {
        message: /missing column 'amount'/,
        field: 'amount',
      },
    )
    const typo = await explain('/explain/churn/versions/1', { instances: [{ ...first, amout: 3 }] })
    assertError(typo, 400, 'INVALID_PARAMETER_VALUE', { message: /did you mean 'amount'/, field: 'amout' })
    const wrong = await explain('/explain/churn/versions/1', {
      instances: [first, { ...second, is_member: 'yes' }],
    })
    assertError(wrong, 400, 'INVALID_PARAMETER_VALUE', {
      message: /column 'is_member', row 1: expects true or false/,
      field: 'is_member',
    })
    assert.equal((wrong.body as unknown as { details: { row: number } }).details.row, 1)
  })

  it(`takes at most ${EXPLAIN_MAX_ROWS} rows, though the server predicts ${MAX_ROWS}`, async () => {
    const row = jsonRows(APPLY, 1)[0]!
    const many = { instances: Array.from({ length: EXPLAIN_MAX_ROWS + 1 }, () => row) }
    assertError(await explain('/explain/churn/versions/1', many), 413, 'SHIPYARD_PAYLOAD_TOO_LARGE', {
      message: new RegExp(`at most ${EXPLAIN_MAX_ROWS} per request`),
    })
  })
})
