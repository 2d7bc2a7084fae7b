import type { CliIo } from '../cli-io.js'
import { configFor, type GlobalOptions } from '../global-options.js'

/**
 * Tells serving processes that `name`'s aliases changed, when the configuration names Redis
 * (`SHIPYARD_REDIS_URL`); without Redis, servers see the change on their next poll of the registry.
 * The alias has moved whatever happens here, so a failed publish is a warning on stderr, not a failed
 * command (a script that retried would move nothing).
 */
export async function notifyAliasChange(global: GlobalOptions, io: CliIo, name: string): Promise<void> {
  const { redisUrl } = configFor(global)
  if (redisUrl === null) return
  // Loaded on use: the Redis client is needed only when an alias moves and Redis is configured.
  const { publishAliasChange } = await import('../../serving/index.js')
  try {
    await publishAliasChange(redisUrl, name)
  } catch (error) {
    io.stderr.write(`warning: ${error instanceof Error ? error.message : String(error)}\n`)
  }
}
