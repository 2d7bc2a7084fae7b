import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { call } from '../server/test-app.js'
import type { InferenceServer } from './inference-server.js'
import {
  openServingFixture,
  registerRegressor,
  type ServingFixture,
  testInferenceServer,
} from './testing/serving-fixtures.js'

describe('inference server micro-batching', () => {
  let fixture: ServingFixture
  let server: InferenceServer
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await fixture.registry.setAlias('spend', 'production', 1)
    server = await testInferenceServer(fixture, {
      routes: [{ name: 'spend', ref: { kind: 'alias', alias: 'production' } }],
      batching: { maxRows: 8 },
    })
    await server.start()
  })
  after(async () => {
    await server.app.close()
    await fixture.close()
  })

  it('answers concurrent requests each with its own rows and counts rows and requests per run', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call<{ predictions: number[] }>(server.app, 'POST', '/v1/models/spend:predict', {
          instances: [
            { amount: i, city: 'lima' },
            { amount: 39 - i, city: 'oslo' },
          ],
        }),
      ),
    )
    answers.forEach((answer, i) => {
      assert.equal(answer.status, 200)
      assert.deepEqual(
        answer.body.predictions.map((p) => Math.round(Number(p))),
        [i, 44 - i],
      )
    })
    const metrics = await call<string>(server.app, 'GET', '/metrics')
    const text = String(metrics.body ?? '')
    const count = Number(
      /shipyard_inference_batch_requests_sum\{model="spend",version="1"\} (\d+)/.exec(text)?.[1],
    )
    const runs = Number(
      /shipyard_inference_batch_rows_count\{model="spend",version="1"\} (\d+)/.exec(text)?.[1],
    )
    assert.equal(count, 30)
    assert.ok(runs < 30)
  })
})
