import { Redis } from 'ioredis'
import { REDIS_ALIAS_CHANNEL } from './alias-notifications.js'
import type { ServingLog } from './serving-log.js'

/** A live subscription to alias-change notifications. */
export interface AliasSubscription {
  close(): Promise<void>
}

/**
 * Subscribes to `REDIS_ALIAS_CHANNEL` and calls `onNotice` for every message. ioredis reconnects and
 * resubscribes by itself; while Redis is away the loss is logged once and the caller's poll carries on.
 * Resolves once subscribed, or, when Redis cannot be reached, at once (it keeps trying behind).
 */
export async function subscribeRedisAliases(
  redisUrl: string,
  onNotice: () => void,
  log: ServingLog,
): Promise<AliasSubscription> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: null })
  let healthy = true
  redis.on('error', (error: unknown) => {
    if (!healthy) return
    healthy = false
    log.warn(
      { err: error, channel: REDIS_ALIAS_CHANNEL },
      'Redis alias notifications lost; polling carries on',
    )
  })
  redis.on('ready', () => {
    if (!healthy) log.info({ channel: REDIS_ALIAS_CHANNEL }, 'Redis alias notifications back')
    healthy = true
  })
  redis.on('message', (channel: string) => {
    if (channel === REDIS_ALIAS_CHANNEL) onNotice()
  })
  try {
    await redis.connect()
    await redis.subscribe(REDIS_ALIAS_CHANNEL)
  } catch (error) {
    // ioredis keeps reconnecting (and subscribes once through, as autoResubscribe replays it).
    log.warn(
      { err: error, channel: REDIS_ALIAS_CHANNEL },
      'cannot subscribe to Redis alias notifications yet',
    )
    if (redis.status !== 'end') void redis.subscribe(REDIS_ALIAS_CHANNEL).catch(() => undefined)
  }
  return {
    close: async () => {
      redis.disconnect()
    },
  }
}
