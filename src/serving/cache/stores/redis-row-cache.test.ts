import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import type { ServingLog } from '../../serving-log.js'
import { REDIS_SERVER_SKIP, RedisServerProcess } from '../testing/redis-server-process.js'
import { eventually, plainRow, rowCacheLayerSuite } from '../testing/row-cache-layer-suite.js'
import { RedisRowCache, type RedisRowCacheOptions } from './redis-row-cache.js'

const redisUrl = process.env.SHIPYARD_TEST_REDIS_URL
const SKIP = redisUrl ? false : 'SHIPYARD_TEST_REDIS_URL is not set'

/** A log that keeps its warnings and infos. */
function recordingLog() {
  const lines: { level: 'info' | 'warn' | 'error'; message: string }[] = []
  const log: ServingLog = {
    info: (_fields, message) => void lines.push({ level: 'info', message }),
    warn: (_fields, message) => void lines.push({ level: 'warn', message }),
    error: (_fields, message) => void lines.push({ level: 'error', message }),
  }
  return { log, lines }
}

function layer(url: string, options: Partial<RedisRowCacheOptions> = {}) {
  return new RedisRowCache({ url, ttlMs: 60_000, log: recordingLog().log, onError: () => {}, ...options })
}

describe('RedisRowCache as a RowCacheLayer', { skip: SKIP }, () => rowCacheLayerSuite(() => layer(redisUrl!)))

describe('RedisRowCache', { skip: SKIP }, () => {
  let raw: Redis
  let cache: RedisRowCache
  const key = `shipyard:test:${randomUUID()}`
  before(async () => {
    raw = new Redis(redisUrl!)
    cache = layer(redisUrl!, { ttlMs: 5_000 })
    await eventually(async () => (await cache.get([key])) !== null, 'the connection')
  })
  after(async () => {
    await raw.del(key)
    raw.disconnect()
    await cache.close()
  })

  it('stores rows with the TTL', async () => {
    cache.set(new Map([[key, plainRow(1)]]))
    await eventually(async () => (await raw.exists(key)) === 1, 'the write')
    const ttl = await raw.pttl(key)
    assert.ok(ttl > 0 && ttl <= 5_000, `PTTL ${ttl}`)
  })

  it('misses a key holding something else than a row', async () => {
    await raw.set(key, 'not a cached row')
    assert.deepEqual(await cache.get([key]), [undefined])
  })
})

describe('RedisRowCache when Redis fails', { skip: REDIS_SERVER_SKIP }, () => {
  let server: RedisServerProcess
  before(async () => {
    server = await RedisServerProcess.start()
  })
  after(() => server.stop())

  it('answers null at once and logs the loss once while Redis is away; answers when it is back', async () => {
    await server.stop()
    const { log, lines } = recordingLog()
    const cache = layer(server.url, { log })
    try {
      await eventually(async () => lines.length > 0, 'the loss to be logged')
      for (let i = 0; i < 3; i++) assert.equal(await cache.get(['k']), null)
      cache.set(new Map([['k', plainRow(1)]]))
      assert.deepEqual(
        lines.map((line) => line.level),
        ['warn'],
      )
      await server.restart()
      await eventually(async () => (await cache.get(['k'])) !== null, 'the reconnection')
      assert.deepEqual(lines.at(-1), { level: 'info', message: 'Redis prediction cache back' })
    } finally {
      await cache.close()
    }
  })

  it('gives up on a lookup Redis does not answer, counting the error, and recovers', async () => {
    const { log, lines } = recordingLog()
    const errors: string[] = []
    const cache = layer(server.url, { log, timeoutMs: 100, onError: (operation) => errors.push(operation) })
    const admin = new Redis(server.url)
    try {
      await eventually(async () => (await cache.get(['k'])) !== null, 'the connection')
      // Redis holds every client's commands for 1.5 s: a stalled server, as a slow disk or a long script makes one.
      await admin.call('CLIENT', 'PAUSE', '1500', 'ALL')
      assert.equal(await cache.get(['k']), null)
      assert.deepEqual(errors, ['get'])
      assert.equal(lines[0]?.level, 'warn')
      await eventually(async () => (await cache.get(['k'])) !== null, 'Redis to answer again')
      assert.deepEqual(lines.at(-1), { level: 'info', message: 'Redis prediction cache back' })
    } finally {
      admin.disconnect()
      await cache.close()
    }
  })
})
