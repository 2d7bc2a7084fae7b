import type { ModelRegistry } from '../registry/index.js'
import { listenPostgresAliases } from './postgres-alias-subscription.js'
import { type AliasSubscription, subscribeRedisAliases } from './redis-alias-subscription.js'
import { type ServingLog, SILENT_LOG } from './serving-log.js'

/** The default interval between two looks at the registry's alias generation. */
export const DEFAULT_POLL_INTERVAL_MS = 2000

/** Options of `AliasWatcher.start`. */
export interface AliasWatcherOptions {
  readonly registry: Pick<ModelRegistry, 'aliasGeneration'>
  /** Re-resolves the aliases (the model pool's `refresh`); must not throw. */
  readonly onChange: () => Promise<void>
  /** Default 2000. */
  readonly pollIntervalMs?: number
  /** The PostgreSQL database the registry lives in, to LISTEN on; null or absent for SQLite. */
  readonly postgresUrl?: string | null
  /** Redis to subscribe to `REDIS_ALIAS_CHANNEL` on; null or absent: none. */
  readonly redisUrl?: string | null
  /** Also call `onChange` at a poll when this says so (routes still waiting for a version to load). */
  readonly pending?: () => boolean
  readonly log?: ServingLog
}

/**
 * Keeps an inference server's aliases current. It polls `registry.aliasGeneration()` every
 * `pollIntervalMs` and calls `onChange` when the number moved; notifications (PostgreSQL
 * LISTEN/NOTIFY, Redis pub/sub) call it at once. The poll is the safety net: losing a notification
 * channel is logged and serving carries on at poll speed. The generation is read before re-resolving,
 * so a change made during a refresh is seen by the next look.
 */
export class AliasWatcher {
  readonly #options: AliasWatcherOptions
  readonly #log: ServingLog
  readonly #subscriptions: AliasSubscription[] = []
  #generation: number | null = null
  #timer: NodeJS.Timeout | undefined
  #polling: Promise<void> | null = null
  #closed = false
  #pollFailing = false

  private constructor(options: AliasWatcherOptions) {
    this.#options = options
    this.#log = options.log ?? SILENT_LOG
  }

  /**
   * Resolves every alias once (`onChange`), then starts polling and subscribes to the notification
   * channels configured. Resolves when that first pass is done.
   */
  static async start(options: AliasWatcherOptions): Promise<AliasWatcher> {
    const watcher = new AliasWatcher(options)
    await watcher.#check(true)
    const notice = () => void watcher.#check(true)
    const { postgresUrl, redisUrl } = options
    if (postgresUrl)
      watcher.#subscriptions.push(await listenPostgresAliases(postgresUrl, notice, watcher.#log))
    if (redisUrl) watcher.#subscriptions.push(await subscribeRedisAliases(redisUrl, notice, watcher.#log))
    watcher.#schedule()
    return watcher
  }

  /** Stops polling and unsubscribes; waits for a look in progress. */
  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#timer)
    await Promise.all(this.#subscriptions.map((subscription) => subscription.close()))
    await this.#polling
  }

  #schedule(): void {
    if (this.#closed) return
    this.#timer = setTimeout(() => {
      void this.#check(false).finally(() => this.#schedule())
    }, this.#options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS)
    // The HTTP server keeps the process alive; a forgotten watcher must not.
    this.#timer.unref()
  }

  // One look: `force` for notifications and the first pass, which re-resolve whatever the number says.
  #check(force: boolean): Promise<void> {
    const look = this.#look(force)
    this.#polling = look
    return look
  }

  async #look(force: boolean): Promise<void> {
    if (this.#closed) return
    let generation: number
    try {
      generation = await this.#options.registry.aliasGeneration()
      if (this.#pollFailing) this.#log.info({}, 'the registry answers again')
      this.#pollFailing = false
    } catch (error) {
      if (!this.#pollFailing) this.#log.warn({ err: error }, 'cannot read the alias generation; will retry')
      this.#pollFailing = true
      return
    }
    const moved = generation !== this.#generation
    this.#generation = generation
    if (force || moved || this.#options.pending?.()) await this.#options.onChange()
  }
}
