import { Redis } from 'ioredis'
import type { ServingLog } from '../../serving-log.js'
import type { CachedRow } from '../cached-row.js'
import type { LayerLookup, RowCacheLayer } from '../row-cache-layer.js'
import { decodeRow, encodeRow } from '../row-codec.js'

/** Where a `RedisRowCache` keeps rows, and how long it waits. */
export interface RedisRowCacheOptions {
  readonly url: string
  /** How long a row is kept (`SET ... PX`), in ms. */
  readonly ttlMs: number
  /** Longest a request waits for one lookup before it counts as misses; default 100 ms. */
  readonly timeoutMs?: number
  readonly log: ServingLog
  /** Called for each failed call, for the error counter. */
  readonly onError: (operation: 'get' | 'set') => void
}

const DEFAULT_TIMEOUT_MS = 100
// A socket that answers nothing for this long (a half-dead host) is dropped and redialled, so that
// lookups skip Redis while it reconnects instead of each waiting out its timeout.
const SOCKET_TIMEOUT_MS = 1_000
const CONNECT_TIMEOUT_MS = 1_000
// Redial soon after a loss (100 ms, 200 ms... capped at 1 s): hits return shortly after Redis does.
const retryDelay = (attempt: number) => Math.min(attempt * 100, 1_000)

/**
 * The shared layer: rows in Redis under their keys, so that servers answer each other's rows. One
 * lookup is one `MGET` of all the keys a request missed locally; writes are one pipeline of
 * `SET key value PX ttl`, not awaited by the request.
 *
 * Redis going away costs hits, never answers: while the connection is not ready, lookups answer
 * `null` at once and writes are dropped (no offline queue, no retries of a request's commands); a
 * call in flight when it fails gives up within `timeoutMs`. The loss is logged once and again when
 * Redis is back; ioredis redials by itself.
 */
export class RedisRowCache implements RowCacheLayer {
  readonly name = 'redis'
  readonly #redis: Redis
  readonly #options: RedisRowCacheOptions
  readonly #writes = new Set<Promise<void>>()
  #healthy = true
  #closing = false

  constructor(options: RedisRowCacheOptions) {
    this.#options = options
    this.#redis = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: retryDelay,
    })
    this.#redis.on('error', (error: unknown) => this.#lost(error))
    // A dropped connection emits no error until the first redial fails; the loss starts now.
    this.#redis.on('close', () => {
      if (!this.#closing) this.#lost(new Error('connection to Redis closed'))
    })
    this.#redis.on('ready', () => this.#back())
  }

  /** Whether Redis is connected and ready now: lookups and writes are skipped while it is not. */
  get connected(): boolean {
    return this.#redis.status === 'ready'
  }

  async get(keys: readonly string[]): Promise<LayerLookup | null> {
    if (!this.connected) return null
    try {
      const texts = await this.#redis.mget(...keys)
      this.#back()
      return texts.map((text) => (text === null ? undefined : decodeRow(text)))
    } catch (error) {
      this.#failed('get', error)
      return null
    }
  }

  set(rows: ReadonlyMap<string, CachedRow>): void {
    if (!this.connected || rows.size === 0) return
    const pipeline = this.#redis.pipeline()
    for (const [key, row] of rows) pipeline.set(key, encodeRow(row), 'PX', this.#options.ttlMs)
    const write = pipeline.exec().then(
      (replies) => {
        const failure = replies?.find(([error]) => error !== null)?.[0]
        if (failure) this.#failed('set', failure)
      },
      (error: unknown) => this.#failed('set', error),
    )
    this.#writes.add(write)
    void write.finally(() => this.#writes.delete(write))
  }

  async close(): Promise<void> {
    this.#closing = true
    // The writes in flight land first (or fail within the command timeout); a Redis that is away is dropped.
    await Promise.all(this.#writes)
    await this.#redis.quit().catch(() => this.#redis.disconnect())
  }

  #failed(operation: 'get' | 'set', error: unknown): void {
    this.#options.onError(operation)
    this.#lost(error)
  }

  // A lookup that timed out on a live connection is a loss too; the next one that answers ends it.
  #back(): void {
    if (!this.#healthy) this.#options.log.info({ cache: 'redis' }, 'Redis prediction cache back')
    this.#healthy = true
  }

  #lost(error: unknown): void {
    if (!this.#healthy) return
    this.#healthy = false
    this.#options.log.warn(
      { err: error, cache: 'redis' },
      'Redis prediction cache unavailable; serving from the local cache',
    )
  }
}
