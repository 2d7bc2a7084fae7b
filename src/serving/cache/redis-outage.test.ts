import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { call } from '../../server/test-app.js'
import type { ServingLog } from '../serving-log.js'
import { openServingFixture, registerRegressor, type ServingFixture } from '../testing/serving-fixtures.js'
import { cacheTestServer, metricValue, redisConnected } from './testing/cache-test-server.js'
import { REDIS_SERVER_SKIP, RedisServerProcess } from './testing/redis-server-process.js'
import { eventually } from './testing/row-cache-layer-suite.js'

const PATH = '/v1/models/spend:predict'
const REDIS_HITS = 'shipyard_cache_lookups_total{layer="redis",result="hit"}'
const row = (amount: number) => ({ amount, city: 'oslo' })

describe('prediction cache through a Redis outage', { skip: REDIS_SERVER_SKIP }, () => {
  let redis: RedisServerProcess
  let fixture: ServingFixture
  let serverA: FastifyInstance
  let serverB: FastifyInstance
  const warnings: string[] = []
  const infos: string[] = []
  const logA: ServingLog = {
    info: (_fields, message) => void infos.push(message),
    warn: (_fields, message) => void warnings.push(message),
    error: (_fields, message) => void warnings.push(message),
  }
  before(async () => {
    redis = await RedisServerProcess.start()
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    const routes = [{ name: 'spend', ref: { kind: 'version' as const, version: 1 } }]
    serverA = await cacheTestServer(fixture, { routes, redisUrl: redis.url, log: logA })
    serverB = await cacheTestServer(fixture, { routes, redisUrl: redis.url })
    await Promise.all([redisConnected(serverA), redisConnected(serverB)])
  })
  after(async () => {
    await serverA?.close()
    await serverB?.close()
    await fixture?.close()
    await redis?.stop()
  })

  const predict = (server: FastifyInstance, amount: number) =>
    call(server, 'POST', PATH, { instances: [row(amount)] })

  /** Server A answers `amount`'s row; once it is in Redis, server B answers it from there. */
  async function sharedThroughRedis(amount: number, rowsInRedis: number): Promise<void> {
    assert.equal((await predict(serverA, amount)).headers['x-cache'], 'miss')
    const raw = new Redis(redis.url)
    try {
      await eventually(async () => (await raw.dbsize()) === rowsInRedis, 'server A’s row in Redis')
    } finally {
      raw.disconnect()
    }
    const hits = await metricValue(serverB, REDIS_HITS)
    const b = await predict(serverB, amount)
    assert.deepEqual([b.status, b.headers['x-cache']], [200, 'hit'])
    assert.equal(await metricValue(serverB, REDIS_HITS), hits + 1)
  }

  it('serves on from the local cache while Redis is down, and shares rows again once it is back', async () => {
    await sharedThroughRedis(1, 1)

    await redis.stop()
    await Promise.all([redisConnected(serverA, false), redisConnected(serverB, false)])
    const during = [
      await predict(serverA, 1), // in A's memory
      await predict(serverA, 2),
      await predict(serverB, 3),
      await predict(serverB, 2), // A answered it, but Redis is not there to tell B
      await predict(serverA, 2),
    ]
    assert.deepEqual(
      during.map((answer) => [answer.status, answer.headers['x-cache']]),
      [
        [200, 'hit'],
        [200, 'miss'],
        [200, 'miss'],
        [200, 'miss'],
        [200, 'hit'],
      ],
    )
    assert.deepEqual(warnings, ['Redis prediction cache unavailable; serving from the local cache'])

    await redis.restart() // empty: nothing was saved
    await Promise.all([redisConnected(serverA), redisConnected(serverB)])
    assert.equal(infos.at(-1), 'Redis prediction cache back')
    await sharedThroughRedis(4, 1)
    assert.equal(warnings.length, 1)
  })
})
