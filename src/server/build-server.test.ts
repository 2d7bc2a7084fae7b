import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ShipyardError } from '../shared/index.js'
import type { TrackingStore } from '../tracking/index.js'
import { assertError, call, openTestApp, type TestApp } from './test-app.js'

// A store whose `getExperiment` fails on purpose for two ids: a bug, and an outage.
function failingStore(store: TrackingStore): TrackingStore {
  return new Proxy(store, {
    get(target, property) {
      // Bound to the real store: its methods read #private fields, which a Proxy receiver lacks.
      const value: unknown = Reflect.get(target, property)
      if (property !== 'getExperiment') return typeof value === 'function' ? value.bind(target) : value
      return async (experimentId: string) => {
        if (experimentId === 'bug') throw new TypeError('secret internals: cannot read x of undefined')
        if (experimentId === 'down') throw new ShipyardError('SHIPYARD_STORE_UNAVAILABLE', 'database is down')
        return target.getExperiment(experimentId)
      }
    },
  })
}

describe('buildServer', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(undefined, failingStore)
  })
  after(() => t.close())

  it('answers GET /health', async () => {
    const { status, body } = await call(t.app, 'GET', '/health')
    assert.equal(status, 200)
    assert.deepEqual(body, { status: 'ok' })
  })

  it('answers an unknown endpoint with 404 ENDPOINT_NOT_FOUND naming it', async () => {
    assertError(await call(t.app, 'GET', '/api/v1/nothing?x=1'), 404, 'ENDPOINT_NOT_FOUND', {
      message: /GET \/api\/v1\/nothing;/,
    })
    assertError(await call(t.app, 'PUT', '/api/v1/experiments'), 404, 'ENDPOINT_NOT_FOUND')
  })

  it('answers malformed, empty and poisoned JSON with 400 BAD_REQUEST', async () => {
    const json = { 'content-type': 'application/json' }
    for (const payload of ['{"name": ', '', '{"__proto__": {"x": 1}, "name": "p"}', 'NaN']) {
      assertError(await call(t.app, 'POST', '/api/v1/experiments', payload, json), 400, 'BAD_REQUEST')
    }
  })

  it('answers an unsupported content type with 400 BAD_REQUEST', async () => {
    const result = await call(t.app, 'POST', '/api/v1/experiments', '<name/>', {
      'content-type': 'application/xml',
    })
    assertError(result, 400, 'BAD_REQUEST', { message: /application\/xml/ })
  })

  it('answers a body over the limit with 400, not 413 or 500', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(17 * 1024 * 1024) })
    const result = await call(t.app, 'POST', '/api/v1/experiments', huge, {
      'content-type': 'application/json',
    })
    assertError(result, 400, 'INVALID_PARAMETER_VALUE', { field: 'body', message: /byte limit/ })
  })

  it('takes a full batch at the store limits, multi-byte characters and all', async () => {
    const { info } = await t.store.createRun()
    const value = (length: number) => 'é'.repeat(length)
    const batch = {
      params: Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: value(6000) })),
      tags: Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: value(5000) })),
    }
    const result = await call(t.app, 'POST', `/api/v1/runs/${info.runId}/batch`, batch)
    assert.equal(result.status, 204)
  })

  it('answers a bug with 500 INTERNAL_ERROR without leaking it, and keeps serving', async () => {
    const result = await call(t.app, 'GET', '/api/v1/experiments/bug')
    assertError(result, 500, 'INTERNAL_ERROR', { message: /request/ })
    assert.doesNotMatch(JSON.stringify(result.body), /secret|TypeError|at /)
    assert.equal((await call(t.app, 'GET', '/api/v1/experiments/0')).status, 200)
  })

  it('renders a Shipyard error of any status as itself', async () => {
    assertError(await call(t.app, 'GET', '/api/v1/experiments/down'), 503, 'SHIPYARD_STORE_UNAVAILABLE', {
      message: /database is down/,
    })
  })

  it('mounts the MLflow API under /api/2.0/mlflow and /ajax-api/2.0/mlflow over the same store', async () => {
    for (const prefix of ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow']) {
      const name = `from ${prefix}`
      const created = await call<{ experiment_id: string }>(t.app, 'POST', `${prefix}/experiments/create`, {
        name,
      })
      assert.equal(created.status, 200)
      assert.equal((await t.store.getExperiment(created.body.experiment_id)).name, name)
    }
  })
})
