// GET /api/v1/models/{name}/monitor through the native API's validation, serialisation and error
// rendering, over versions trained with trainRun and a day of logged traffic (openMonitorFixture).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { type MonitorReport, monitorReport, runReferenceSource } from '../../monitoring/index.js'
import { type MonitorFixture, openMonitorFixture } from '../../monitoring/monitor/testing/monitor-fixtures.js'
import { renderError } from '../error-handler.js'
import { NATIVE_API_PREFIX } from '../native-api.js'
import { registerNativeRoutes } from '../native-route.js'
import { nativeValidatorCompiler } from '../request-validation.js'
import { assertError, call } from '../test-app.js'
import { monitorRoutes } from './monitor-route.js'

let fixture: MonitorFixture
let app: FastifyInstance

before(async () => {
  fixture = await openMonitorFixture()
  const { shipyard, log } = fixture
  app = Fastify()
  app.setValidatorCompiler(nativeValidatorCompiler())
  app.setErrorHandler(renderError)
  const routes = monitorRoutes({
    registry: shipyard.registry,
    store: shipyard.store,
    artifacts: shipyard.artifacts,
    predictionLog: log,
  })
  await app.register(async (api) => registerNativeRoutes(api, routes), { prefix: NATIVE_API_PREFIX })
})
after(async () => {
  await app.close()
  await fixture.close()
})

describe('GET /api/v1/models/{name}/monitor', () => {
  it('answers the report the monitor builds, whole', async () => {
    const answer = await call<MonitorReport>(app, 'GET', '/api/v1/models/churn/monitor?window=2d')
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    const { shipyard, log } = fixture
    const direct = await monitorReport(
      {
        registry: shipyard.registry,
        log,
        references: runReferenceSource(shipyard.store, shipyard.artifacts),
      },
      { model: 'churn', window: '2d', until: answer.body.window.until },
    )
    assert.deepEqual(answer.body, JSON.parse(JSON.stringify(direct)))
    const shifted = answer.body.versions.find((v) => v.version === 2)!
    assert.ok(shifted.drift.available)
    assert.equal(shifted.drift.report.features.find((f) => f.name === 'age')?.status, 'drift')
    assert.equal(shifted.quality?.live.labelledRows, 300)
  })

  it('takes one version', async () => {
    const answer = await call<MonitorReport>(app, 'GET', '/api/v1/models/churn/monitor?version=3')
    assert.equal(answer.status, 200)
    assert.deepEqual(
      answer.body.versions.map((v) => [v.version, v.drift.available, v.traffic.requests]),
      [[3, false, 20]],
    )
    assert.equal(answer.body.window.length, '24h')
  })

  it('is 400 naming a bad parameter and 404 for an unknown model or version', async () => {
    assertError(
      await call(app, 'GET', '/api/v1/models/churn/monitor?window=often'),
      400,
      'INVALID_PARAMETER_VALUE',
      {
        field: 'window',
        message: /'often' is not a length of time/,
      },
    )
    assertError(
      await call(app, 'GET', '/api/v1/models/churn/monitor?version=two'),
      400,
      'INVALID_PARAMETER_VALUE',
      {
        field: 'version',
      },
    )
    assertError(
      await call(app, 'GET', '/api/v1/models/churn/monitor?versoin=2'),
      400,
      'INVALID_PARAMETER_VALUE',
    )
    assertError(await call(app, 'GET', '/api/v1/models/nope/monitor'), 404, 'RESOURCE_DOES_NOT_EXIST')
    assertError(
      await call(app, 'GET', '/api/v1/models/churn/monitor?version=9'),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
  })
})
