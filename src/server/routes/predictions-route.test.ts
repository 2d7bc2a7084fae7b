import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { openPredictionLog, type PredictionLogStore, type PredictionRecord } from '../../monitoring/index.js'
import { spendRecord } from '../../serving/replay/testing/replay-fixtures.js'
import { renderError } from '../error-handler.js'
import { registerNativeRoutes } from '../native-route.js'
import { buildOpenApiDocument } from '../openapi-document.js'
import { nativeValidatorCompiler } from '../request-validation.js'
import { assertError, call } from '../test-app.js'
import { predictionRoutes } from './predictions-route.js'

const MINUTE = 60_000

describe('native API: /api/v1/predictions', () => {
  let dir: string
  let log: PredictionLogStore
  let app: FastifyInstance
  let seeded: PredictionRecord[]
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipyard-predictions-route-'))
    log = await openPredictionLog(
      { home: dir, database: { kind: 'sqlite', path: join(dir, 'shipyard.db') } },
      { autoCompact: false },
    )
    const now = Date.now()
    seeded = [
      spendRecord('a', 0, { time: now - 5 * MINUTE, outputs: { prediction: 20 } }),
      spendRecord('a', 1, { time: now - 5 * MINUTE, outputs: { prediction: 22 } }),
      spendRecord('a', 0, { time: now - 5 * MINUTE, arm: 'shadow', version: 2, outputs: { prediction: 30 } }),
      spendRecord('b', 0, {
        time: now - 30 * MINUTE,
        version: 2,
        inputs: { amount: 61, city: 'oslo' },
        outputs: { prediction: 190 },
      }),
      spendRecord('c', 0, {
        time: now - 120 * MINUTE,
        inputs: { amount: 3 },
        errorCode: 'INVALID_PARAMETER_VALUE',
        errorMessage: "missing column 'city'",
      }),
      spendRecord('d', 0, {
        time: now - 10 * MINUTE,
        model: 'big',
        outputs: { label: 'yes', probability: 0.95 },
      }),
    ]
    await log.append(seeded)
    // The native API's setup, as buildServer makes it, with only these routes.
    app = Fastify()
    app.setValidatorCompiler(nativeValidatorCompiler())
    app.setErrorHandler(renderError)
    await app.register(async (scope) => registerNativeRoutes(scope, predictionRoutes(log)), {
      prefix: '/api/v1',
    })
  })
  after(async () => {
    await app.close()
    await log.close()
    await rm(dir, { recursive: true, force: true })
  })

  const get = <T = { predictions: PredictionRecord[] }>(url: string) => call<T>(app, 'GET', `/api/v1${url}`)
  const ids = async (query: string) => {
    const result = await get(`/predictions${query}`)
    assert.equal(result.status, 200, JSON.stringify(result.body))
    return result.body.predictions.map((r) => `${r.requestId}/${r.row}${r.arm === 'shadow' ? '/shadow' : ''}`)
  }

  it('searches newest first with the filters of shipyard logs', async () => {
    assert.deepEqual(await ids(''), ['a/0', 'a/0/shadow', 'a/1', 'd/0', 'b/0', 'c/0'])
    assert.deepEqual(await ids('?model=big'), ['d/0'])
    assert.deepEqual(await ids('?model=spend&version=2'), ['a/0/shadow', 'b/0'])
    assert.deepEqual(await ids('?since=1h&model=spend'), ['a/0', 'a/0/shadow', 'a/1', 'b/0'])
    assert.deepEqual(await ids('?until=20m'), ['b/0', 'c/0'])
    const iso = new Date(Date.now() - 3 * 3_600_000).toISOString()
    assert.deepEqual(await ids(`?since=${encodeURIComponent(iso)}&until=${Date.now() - 60 * MINUTE}`), [
      'c/0',
    ])
    assert.deepEqual(await ids('?errors=true'), ['c/0'])
    assert.deepEqual(await ids('?errors=false&model=spend&limit=2'), ['a/0', 'a/0/shadow'])
    const where = encodeURIComponent("inputs.amount > 60 and inputs.city = 'oslo' or inputs.amount < 11")
    assert.deepEqual(await ids(`?model=spend&where=${where}`), ['a/0', 'a/0/shadow', 'b/0', 'c/0'])
    assert.deepEqual(await ids(`?model=big&where=${encodeURIComponent('outputs.probability > 0.9')}`), [
      'd/0',
    ])
  })

  it('answers the records whole, as stored', async () => {
    const result = await get('/predictions?errors=true')
    assert.deepEqual(result.body, { predictions: [seeded[4]] })
    const d = await get('/predictions?model=big')
    assert.deepEqual(d.body.predictions, [seeded[5]])
  })

  it("reads one request's records, the answering arm's rows first, and 404 for an unknown id", async () => {
    const result = await get<{ requestId: string; predictions: PredictionRecord[] }>('/predictions/a')
    assert.equal(result.status, 200)
    assert.deepEqual(result.body, { requestId: 'a', predictions: [seeded[0], seeded[1], seeded[2]] })
    assertError(await get('/predictions/nope'), 404, 'RESOURCE_DOES_NOT_EXIST', {
      message: /^request 'nope' is not in the prediction log/,
    })
  })

  it('answers a bad parameter with 400 naming it', async () => {
    const bad = async (query: string, field: string, message?: RegExp) =>
      assertError(await get(`/predictions?${query}`), 400, 'INVALID_PARAMETER_VALUE', {
        field,
        ...(message ? { message } : {}),
      })
    await bad('since=yesterday', 'since', /^since: 'yesterday' is not a time/)
    await bad('until=2024-05-01T10:00:00', 'until')
    await bad('version=two', 'version')
    await bad('version=0', 'version')
    await bad('limit=0', 'limit')
    await bad('limit=100001', 'limit')
    await bad('errors=maybe', 'errors')
    await bad('colour=blue', 'colour', /is not a known field/)
    const where = await get('/predictions?where=inputs.amount%20%3E%3E%203')
    assertError(where, 400, 'INVALID_PARAMETER_VALUE', {
      field: 'where',
      message: /^where 'inputs.amount >> 3' at 15:/,
    })
    assert.deepEqual((where.body as unknown as { details: Record<string, unknown> }).details, {
      field: 'where',
      where: 'inputs.amount >> 3',
      position: 15,
      token: '>',
    })
  })

  it('is described in the OpenAPI document with its parameters', () => {
    const document = buildOpenApiDocument(predictionRoutes(log), {
      prefix: '/api/v1',
      title: 't',
      version: '1',
    }) as unknown as {
      paths: Record<string, { get: { operationId: string; parameters: { name: string; in: string }[] } }>
    }
    const search = document.paths['/predictions']!.get
    assert.equal(search.operationId, 'searchPredictions')
    assert.deepEqual(
      search.parameters.map((p) => `${p.in}:${p.name}`),
      ['model', 'version', 'since', 'until', 'errors', 'where', 'limit'].map((name) => `query:${name}`),
    )
    const one = document.paths['/predictions/{requestId}']!.get
    assert.equal(one.operationId, 'getLoggedRequest')
    assert.deepEqual(
      one.parameters.map((p) => `${p.in}:${p.name}`),
      ['path:requestId'],
    )
  })
})
