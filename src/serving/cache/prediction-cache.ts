import type { Registry } from 'prom-client'
import type { RowRunner } from '../row-runner.js'
import { type ServingLog, SILENT_LOG } from '../serving-log.js'
import { CacheMetrics } from './cache-metrics.js'
import { CachingRowRunner } from './caching-row-runner.js'
import { RequestMemo } from './request-memo.js'
import type { RowCacheLayer } from './row-cache-layer.js'
import { LocalRowCache } from './stores/local-row-cache.js'
import { RedisRowCache } from './stores/redis-row-cache.js'
import { TieredRowCache } from './tiered-row-cache.js'

// The defaults of `shipyard serve --cache-max-entries`, `--cache-max-mb` and `--cache-ttl-seconds` too.
const DEFAULT_CACHE_MAX_ENTRIES = 100_000
const DEFAULT_CACHE_MAX_BYTES = 256 * 1024 * 1024
const DEFAULT_CACHE_TTL_MS = 600_000
// The whole-request memo's bounds, as a share of the rows' bounds (and on top of them): it holds the
// hot bodies, which a tenth of the rows' room covers.
const MEMO_SHARE = 0.1

/** How predictions are cached: for which models, and how much for how long. */
export interface PredictionCacheSettings {
  /** Whether `modelName`'s answers are cached; asked at every request, so it may change while serving. */
  readonly enabled: (modelName: string) => boolean
  /** Most rows kept in process; default 100000. */
  readonly maxEntries?: number
  /** Most bytes kept in process (estimated); default 256 MiB. */
  readonly maxBytes?: number
  /** How long a row is answered from the cache, in process and in Redis, in ms; default 10 minutes. */
  readonly ttlMs?: number
  /** Longest a request waits for a Redis lookup; default 100 ms. */
  readonly redisTimeoutMs?: number
}

/** A prediction cache's settings and where it runs. */
export interface PredictionCacheOptions extends PredictionCacheSettings {
  /** Redis shared by the servers, behind the local layer; absent or null: local only. */
  readonly redisUrl?: string | null
  /** Where the cache's metrics go: the inference server's (`ServingMetrics.registry`). */
  readonly registry: Registry
  readonly log?: ServingLog
  /** Epoch ms now, for the local TTL; default `Date.now`. */
  readonly now?: () => number
}

/** A running prediction cache: the row runner that consults it, and its shutdown. */
export interface PredictionCache {
  /** Answers requests' rows through the cache; for `InferenceRouteDeps.rows`. */
  readonly runner: RowRunner
  /** Drops the local rows and closes the Redis connection (letting writes in flight land). */
  close(): Promise<void>
}

/**
 * Opens the prediction cache: an in-process LRU (bounded by rows and bytes, with a TTL) and, with
 * `redisUrl`, Redis behind it, shared by every server using that Redis. Answers are exact: a row's key
 * is its model version's bytes and the row's values as the model sees them (see `rowKeys`). Redis
 * being away costs shared hits only; serving carries on from the local layer.
 *
 * @example
 * const cache = openPredictionCache({ enabled: () => true, redisUrl, registry: metrics.registry })
 * const routeDeps = { ...deps, rows: cache.runner }
 * app.addHook('onClose', () => cache.close())
 */
export function openPredictionCache(options: PredictionCacheOptions): PredictionCache {
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS
  const maxEntries = options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES
  const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES
  const local = new LocalRowCache({ maxEntries, maxBytes, ttlMs, now: options.now })
  const redisUrl = options.redisUrl
  // Read at scrape time, once the Redis layer below exists.
  const redisConnected = redisUrl ? () => redis?.connected === true : undefined
  const metrics = new CacheMetrics(options.registry, { local, redisConnected })
  const redis = redisUrl
    ? new RedisRowCache({
        url: redisUrl,
        ttlMs,
        timeoutMs: options.redisTimeoutMs,
        log: options.log ?? SILENT_LOG,
        onError: (operation) => metrics.failed(operation),
      })
    : undefined
  const layers: RowCacheLayer[] = redis ? [local, redis] : [local]
  const cache = new TieredRowCache(layers, metrics)
  const memo = new RequestMemo(
    new LocalRowCache({
      maxEntries: Math.ceil(maxEntries * MEMO_SHARE),
      maxBytes: Math.ceil(maxBytes * MEMO_SHARE),
      ttlMs,
      now: options.now,
    }),
    metrics,
  )
  return {
    runner: new CachingRowRunner(cache, memo, options.enabled),
    close: async () => {
      await Promise.all([cache.close(), memo.close()])
    },
  }
}
