import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { call } from '../../server/test-app.js'
import { openServingFixture, registerRegressor, type ServingFixture } from '../testing/serving-fixtures.js'
import { cacheTestServer, metricValue, redisConnected } from './testing/cache-test-server.js'
import { eventually } from './testing/row-cache-layer-suite.js'

const LIMA = { amount: 1, city: 'lima' }
const OSLO = { amount: 30, city: 'oslo' }
const pinned = (name: string, version: number) => ({ name, ref: { kind: 'version' as const, version } })
const lookups = (layer: string, result: string) =>
  `shipyard_cache_lookups_total{layer="${layer}",result="${result}"}`

type V1Body = { predictions: number[] }

describe('prediction cache in the inference routes', () => {
  let fixture: ServingFixture
  let app: FastifyInstance
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await registerRegressor(fixture.registry, 'spend', 10)
    await registerRegressor(fixture.registry, 'uncached', 1)
    app = await cacheTestServer(fixture, {
      routes: [pinned('spend', 1), pinned('uncached', 1)],
      enabled: (name) => name !== 'uncached',
    })
  })
  after(async () => {
    await app.close()
    await fixture.close()
  })
  const predict = (instances: object[], path = 'spend') =>
    call<V1Body>(app, 'POST', `/v1/models/${path}:predict`, { instances })

  it('answers X-Cache miss, then hit, then partial, with the same predictions as without the cache', async () => {
    const miss = await predict([LIMA])
    assert.deepEqual([miss.status, miss.headers['x-cache']], [200, 'miss'])
    const hit = await predict([LIMA])
    assert.deepEqual([hit.status, hit.headers['x-cache']], [200, 'hit'])
    assert.deepEqual(hit.body.predictions, miss.body.predictions)
    const partial = await predict([OSLO, LIMA])
    assert.deepEqual([partial.status, partial.headers['x-cache']], [200, 'partial'])
    const uncached = await predict([OSLO, LIMA], 'uncached')
    assert.deepEqual(partial.body.predictions, uncached.body.predictions)
  })

  it('answers the Open Inference Protocol from the same rows', async () => {
    await predict([{ amount: 7, city: 'oslo' }])
    const v2 = await call(app, 'POST', '/v2/models/spend/infer', {
      inputs: [
        { name: 'amount', shape: [1], datatype: 'FP64', data: [7] },
        { name: 'city', shape: [1], datatype: 'BYTES', data: ['oslo'] },
      ],
    })
    assert.deepEqual([v2.status, v2.headers['x-cache']], [200, 'hit'])
  })

  it('keeps a new version from answering with an old one’s rows', async () => {
    await predict([LIMA])
    const newer = await call<V1Body>(app, 'POST', '/v1/models/spend/versions/2:predict', {
      instances: [LIMA],
    })
    assert.deepEqual([newer.status, newer.headers['x-cache']], [200, 'miss'])
    assert.equal(Math.round(newer.body.predictions[0]!), 10)
  })

  it('sends no X-Cache for a model whose cache is off, nor for bad input', async () => {
    for (let i = 0; i < 2; i++) {
      const off = await predict([LIMA], 'uncached')
      assert.deepEqual([off.status, off.headers['x-cache']], [200, undefined])
    }
    const bad = await predict([{ amount: 'lots', city: 'oslo' }])
    assert.deepEqual([bad.status, bad.headers['x-cache']], [400, undefined])
  })

  it('answers a body sent before from the request memo, and only that body on that version', async () => {
    const rows = [
      { amount: 55, city: 'oslo' },
      { amount: 56, city: 'lima' },
    ]
    const [memoHits, localHits] = [
      await metricValue(app, lookups('request', 'hit')),
      await metricValue(app, lookups('local', 'hit')),
    ]
    const first = await predict(rows)
    const again = await predict(rows)
    assert.deepEqual([first.headers['x-cache'], again.headers['x-cache']], ['miss', 'hit'])
    assert.deepEqual(again.body.predictions, first.body.predictions)
    assert.equal(await metricValue(app, lookups('request', 'hit')), memoHits + 2)
    assert.equal(await metricValue(app, lookups('local', 'hit')), localHits)
    // The same rows written otherwise are other text: found row by row instead.
    const spaced = await app.inject({
      method: 'POST',
      url: '/v1/models/spend:predict',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ instances: rows }, null, 2),
    })
    assert.deepEqual([spaced.statusCode, spaced.headers['x-cache']], [200, 'hit'])
    assert.equal(await metricValue(app, lookups('local', 'hit')), localHits + 2)
    const newer = await call(app, 'POST', '/v1/models/spend/versions/2:predict', { instances: rows })
    assert.deepEqual([newer.status, newer.headers['x-cache']], [200, 'miss'])
    // A refused body is never remembered: it is refused again, not answered.
    for (let i = 0; i < 2; i++) assert.equal((await predict([{ amount: 'x', city: 'oslo' }])).status, 400)
  })

  it('counts rows looked up in /metrics, and what the local cache holds', async () => {
    const hits = await metricValue(app, lookups('local', 'hit'))
    const misses = await metricValue(app, lookups('local', 'miss'))
    await predict([LIMA, { amount: 123, city: 'lima' }])
    assert.equal(await metricValue(app, lookups('local', 'hit')), hits + 1)
    assert.equal(await metricValue(app, lookups('local', 'miss')), misses + 1)
    assert.ok((await metricValue(app, 'shipyard_cache_local_entries')) >= 4)
    assert.ok((await metricValue(app, 'shipyard_cache_local_bytes')) > 0)
    assert.equal(await metricValue(app, 'shipyard_cache_errors_total{operation="get"}'), 0)
  })
})

const redisUrl = process.env.SHIPYARD_TEST_REDIS_URL

describe('prediction cache shared through Redis', {
  skip: redisUrl ? false : 'SHIPYARD_TEST_REDIS_URL is not set',
}, () => {
  // A name of this run's own: the shared Redis may hold other runs' rows of the same model bytes.
  const name = `spend-${randomUUID()}`
  let fixture: ServingFixture
  let serverA: FastifyInstance
  let serverB: FastifyInstance
  let raw: Redis
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, name, 1)
    serverA = await cacheTestServer(fixture, { routes: [pinned(name, 1)], redisUrl })
    serverB = await cacheTestServer(fixture, { routes: [pinned(name, 1)], redisUrl })
    raw = new Redis(redisUrl!)
    for (const server of [serverA, serverB]) await redisConnected(server)
  })
  after(async () => {
    const keys = await raw.keys(`shipyard:prediction:v1:${name}:*`)
    if (keys.length > 0) await raw.del(...keys)
    raw.disconnect()
    await serverA.close()
    await serverB.close()
    await fixture.close()
  })

  it('answers on server B from the row server A answered', async () => {
    const path = `/v1/models/${encodeURIComponent(name)}:predict`
    const a = await call<V1Body>(serverA, 'POST', path, { instances: [LIMA, OSLO] })
    assert.deepEqual([a.status, a.headers['x-cache']], [200, 'miss'])
    await eventually(
      async () => (await raw.keys(`shipyard:prediction:v1:${name}:*`)).length === 2,
      'server A’s rows in Redis',
    )
    const b = await call<V1Body>(serverB, 'POST', path, { instances: [OSLO, LIMA] })
    assert.deepEqual([b.status, b.headers['x-cache']], [200, 'hit'])
    assert.deepEqual(b.body.predictions, [...a.body.predictions].reverse())
    assert.equal(await metricValue(serverB, lookups('local', 'miss')), 2)
    assert.equal(await metricValue(serverB, lookups('redis', 'hit')), 2)
    // Redis's hits now answer from B's own memory.
    const again = await call(serverB, 'POST', path, { instances: [LIMA] })
    assert.equal(again.headers['x-cache'], 'hit')
    assert.equal(await metricValue(serverB, lookups('local', 'hit')), 1)
    assert.equal(await metricValue(serverB, lookups('redis', 'hit')), 2)
  })
})
