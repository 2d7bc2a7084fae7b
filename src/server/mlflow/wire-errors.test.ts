import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import type { RunArtifacts, TrackingStore } from '../../tracking/index.js'
import { mlflowRoutes } from './mlflow-routes.js'
import { PREFIX } from './mlflow-test-app.js'

/** A store whose every method fails the way a bug or a broken database would. */
const explodingStore = new Proxy(
  {},
  {
    get: () => async () => {
      throw new Error('connection to postgres://admin:hunter2@db failed')
    },
  },
) as TrackingStore

describe('MLflow wire errors', () => {
  let app: FastifyInstance
  before(async () => {
    app = Fastify({ logger: false })
    // A host with its own handlers: the plugin must keep MLflow's shapes under its prefix regardless.
    app.setErrorHandler((_error, _request, reply) => reply.status(418).send({ host: 'error' }))
    app.setNotFoundHandler((_request, reply) => reply.status(404).send({ host: 'not found' }))
    const deps = { store: explodingStore, artifacts: {} as RunArtifacts }
    await app.register(mlflowRoutes(deps), { prefix: PREFIX })
    await app.register(mlflowRoutes(deps), { prefix: '/ajax-api/2.0/mlflow' })
    await app.ready()
  })
  after(() => app.close())

  const post = (url: string, payload: string, contentType = 'application/json') =>
    app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } })

  it('answers malformed JSON with 400 BAD_REQUEST', async () => {
    const answer = await post(`${PREFIX}/experiments/create`, '{"name": ')
    assert.equal(answer.statusCode, 400)
    assert.equal(answer.json().error_code, 'BAD_REQUEST')
    assert.match(answer.json().message, /not valid JSON/)
  })

  it('answers a JSON body that is not an object with 400 INVALID_PARAMETER_VALUE', async () => {
    const answer = await post(`${PREFIX}/experiments/create`, '[1, 2]')
    assert.equal(answer.statusCode, 400)
    assert.equal(answer.json().error_code, 'INVALID_PARAMETER_VALUE')
    assert.match(answer.json().message, /'body'/)
  })

  it('answers a body that is not JSON with 400 BAD_REQUEST', async () => {
    const answer = await post(`${PREFIX}/experiments/create`, 'name=x', 'application/x-www-form-urlencoded')
    assert.equal(answer.statusCode, 400)
    assert.equal(answer.json().error_code, 'BAD_REQUEST')
    assert.match(answer.json().message, /application\/json/)
  })

  it('treats a missing body as {} and reports the missing field', async () => {
    const answer = await app.inject({ method: 'POST', url: `${PREFIX}/experiments/create` })
    assert.equal(answer.statusCode, 400)
    assert.equal(answer.json().message, "Missing value for required parameter 'name'.")
  })

  it('answers an unknown endpoint under the prefix with 404 ENDPOINT_NOT_FOUND', async () => {
    for (const url of [
      `${PREFIX}/experiments/frobnicate`,
      `${PREFIX}/nothing?x=1`,
      '/ajax-api/2.0/mlflow/nope',
    ]) {
      const answer = await app.inject({ method: 'GET', url })
      assert.equal(answer.statusCode, 404, url)
      assert.equal(answer.json().error_code, 'ENDPOINT_NOT_FOUND')
      assert.equal(answer.json().message.includes('?'), false)
    }
    const outside = await app.inject({ method: 'GET', url: '/elsewhere' })
    assert.deepEqual(outside.json(), { host: 'not found' })
  })

  it('answers an unexpected failure with 500 INTERNAL_ERROR, leaking nothing', async () => {
    for (const prefix of [PREFIX, '/ajax-api/2.0/mlflow']) {
      const answer = await app.inject({ method: 'GET', url: `${prefix}/experiments/get?experiment_id=1` })
      assert.equal(answer.statusCode, 500)
      const body = answer.json()
      assert.equal(body.error_code, 'INTERNAL_ERROR')
      assert.equal(answer.body.includes('hunter2'), false)
      assert.equal(answer.body.includes('at '), false)
      assert.equal(typeof body.details.requestId, 'string')
    }
  })
})
