import { Redis } from 'ioredis'
import { REDIS_ALIAS_CHANNEL } from './alias-notifications.js'
import type { ServingLog } from './serving-log.js'

/** A live subscription to alias-change notifications. */
export interface AliasSubscription {
  close(): Promise<void>
}

/**
 * Subscribes to `REDIS_ALIAS_CHANNEL` and calls `onNotice` for every message. ioredis reconnects by
 * itself, and each time the connection is ready again this subscribes again (ioredis's own
 * `autoResubscribe` leaves its SUBSCRIBE's promise unhandled, and a connection that drops right then
 * rejects it: an unhandled rejection that ends the process); while Redis is away the loss is logged
 * once and the caller's poll carries on.
 * Resolves once subscribed, or, when Redis cannot be reached, at once (it keeps trying behind).
 */
export async function subscribeRedisAliases(
  redisUrl: string,
  onNotice: () => void,
  log: ServingLog,
): Promise<AliasSubscription> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: null, autoResubscribe: false })
  // Set once the first attempt to subscribe is over: from then on, every new connection subscribes.
  let firstAttemptDone = false
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
    if (firstAttemptDone) void redis.subscribe(REDIS_ALIAS_CHANNEL).catch(() => undefined)
  })
  redis.on('message', (channel: string) => {
    if (channel === REDIS_ALIAS_CHANNEL) onNotice()
  })
  try {
    await redis.connect()
    await redis.subscribe(REDIS_ALIAS_CHANNEL)
  } catch (error) {
    // ioredis keeps reconnecting; the 'ready' handler subscribes once through.
    log.warn(
      { err: error, channel: REDIS_ALIAS_CHANNEL },
      'cannot subscribe to Redis alias notifications yet',
    )
  }
  firstAttemptDone = true
  return {
    close: async () => {
      redis.disconnect()
    },
  }
}
