import { Redis } from 'ioredis'
import { ShipyardError } from '../shared/index.js'

/**
 * The Redis pub/sub channel inference servers listen on for alias changes; the message is the model
 * name. (PostgreSQL databases carry the same news on the registry's `ALIAS_CHANNEL` by themselves.)
 */
export const REDIS_ALIAS_CHANNEL = 'shipyard:aliases'

/** How long publishing waits for Redis before giving up: the servers' poll catches the change anyway. */
const PUBLISH_TIMEOUT_MS = 3000

/**
 * Tells every inference server subscribed through `redisUrl` that an alias of `name` moved, so they
 * re-resolve at once instead of at their next poll. Call it after the change is committed. Throws
 * `SHIPYARD_REMOTE_UNREACHABLE` when Redis does not answer; callers usually report that as a warning,
 * since the servers' poll still finds the change.
 *
 * @example
 * await registry.setAlias('churn', 'production', 3)
 * if (config.redisUrl) await publishAliasChange(config.redisUrl, 'churn')
 */
export async function publishAliasChange(redisUrl: string, name: string): Promise<void> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: PUBLISH_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  redis.on('error', () => undefined) // the failed command reports it
  try {
    await redis.connect()
    await redis.publish(REDIS_ALIAS_CHANNEL, name)
  } catch (error) {
    throw new ShipyardError(
      'SHIPYARD_REMOTE_UNREACHABLE',
      `cannot tell the inference servers through Redis that an alias of '${name}' moved (${messageOf(error)}); they will see it at their next poll`,
      { details: { model: name }, cause: error },
    )
  } finally {
    redis.disconnect()
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
