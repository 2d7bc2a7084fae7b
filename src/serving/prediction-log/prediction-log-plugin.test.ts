// The inference server writing the prediction log: what one answered request leaves there, errors,
// sampling, shadows, and the Prometheus counts.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  openPredictionLog,
  type PredictionLogStore,
  PredictionLogWriter,
  type PredictionRecord,
} from '../../monitoring/index.js'
import { metricValue } from '../cache/testing/cache-test-server.js'
import { ServingSettings } from '../config/serving-settings.js'
import type { InferenceServer } from '../inference-server.js'
import {
  openServingFixture,
  registerClassifier,
  registerRegressor,
  type ServingFixture,
  testInferenceServer,
} from '../testing/serving-fixtures.js'

describe('prediction log of the inference server', () => {
  let fixture: ServingFixture
  let store: PredictionLogStore
  let writer: PredictionLogWriter
  let server: InferenceServer
  const settings = new ServingSettings()
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await registerRegressor(fixture.registry, 'spend', 10)
    await fixture.registry.setAlias('spend', 'production', 1)
    await registerClassifier(fixture.registry, 'big')
    await fixture.registry.setAlias('big', 'production', 1)
    store = await openPredictionLog(
      { home: fixture.dir, database: { kind: 'sqlite', path: '' } },
      { autoCompact: false },
    )
    writer = new PredictionLogWriter(store)
    server = await testInferenceServer(fixture, { routes: [], predictionLog: writer, settings })
    await server.start()
  })
  after(async () => {
    await server.app.close()
    await writer.close()
    await store.close()
    await fixture.close()
  })
  const logged = async (requestId: string): Promise<PredictionRecord[]> => {
    await writer.flush()
    return store.search({ requestId })
  }
  const predict = (model: string, instances: object[], headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: `/v1/models/${model}:predict`, payload: { instances }, headers })

  it('records each row of an answered request: inputs as sent, outputs as answered, version, alias, arm', async () => {
    const answer = await predict('big', [
      { amount: 30, city: 'oslo' },
      { amount: 2, city: null },
    ])
    assert.equal(answer.statusCode, 200)
    const body = answer.json() as {
      request_id: string
      predictions: { label: string; probabilities: Record<string, number> }[]
    }
    const records = (await logged(body.request_id)).sort((a, b) => a.row - b.row)
    assert.equal(records.length, 2)
    assert.deepEqual(records[0]!.inputs, { amount: 30, city: 'oslo' })
    assert.deepEqual(records[1]!.inputs, { amount: 2 }, 'a null input is kept as absent')
    for (const [i, record] of records.entries()) {
      const prediction = body.predictions[i]!
      assert.deepEqual(
        [record.model, record.version, record.alias, record.arm, record.cache, record.errorCode],
        ['big', 1, 'production', 'primary', 'off', null],
      )
      assert.equal(record.outputs.label, prediction.label)
      assert.equal(record.outputs.probability, prediction.probabilities.yes)
      assert.equal(record.outputs['probabilities.no'], prediction.probabilities.no)
      assert.ok(record.latencyMs > 0)
    }
  })

  it('records a request refused for a bad value, with its error and the inputs that caused it', async () => {
    const answer = await predict('spend', [{ amount: 'lots', city: 'oslo' }])
    assert.equal(answer.statusCode, 400)
    const [record] = await logged(answer.headers['x-request-id'] as string)
    assert.equal(record!.errorCode, 'INVALID_PARAMETER_VALUE')
    assert.match(record!.errorMessage!, /amount/)
    assert.deepEqual(record!.inputs, { amount: 'lots', city: 'oslo' })
    assert.deepEqual(record!.outputs, {})
  })

  it('keeps the share of requests the model’s log_sample_rate says, and counts the others', async () => {
    settings.update('spend', { ...settings.policy('spend'), logSampleRate: 0 })
    const answer = await predict('spend', [{ amount: 3, city: 'lima' }])
    assert.equal(answer.statusCode, 200)
    assert.deepEqual(await logged(answer.headers['x-request-id'] as string), [])
    settings.update('spend', { ...settings.policy('spend'), logSampleRate: 1 })
  })

  it('records what a shadow answered under arm shadow, beside the primary’s record', async () => {
    settings.update('spend', {
      ...settings.policy('spend'),
      shadow: { target: { kind: 'version', version: 2 }, tolerance: 0 },
    })
    try {
      const answer = await predict('spend', [{ amount: 4, city: 'lima' }])
      const id = answer.headers['x-request-id'] as string
      let records: PredictionRecord[] = []
      for (let i = 0; i < 100 && records.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        records = await logged(id)
      }
      const byArm = new Map(records.map((record) => [record.arm, record]))
      assert.deepEqual([byArm.get('primary')?.version, byArm.get('shadow')?.version], [1, 2])
      assert.ok(Math.abs((byArm.get('shadow')!.outputs.prediction as number) - 40) < 2)
    } finally {
      settings.update('spend', { ...settings.policy('spend'), shadow: null })
    }
  })

  it('counts written and sampled-out records in /metrics', async () => {
    await writer.flush()
    const metric = (outcome: string) =>
      metricValue(server.app, `shipyard_prediction_log_records_total{outcome="${outcome}"}`)
    assert.ok((await metric('written')) >= 4)
    assert.ok((await metric('sampled_out')) >= 1, 'the request sampled out above')
    assert.equal(await metric('dropped'), 0)
  })
})
