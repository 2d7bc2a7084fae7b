import type { CachedRow } from './cached-row.js'

/** What a layer found for a request's keys: a row or `undefined` (a miss) per key, in key order. */
export type LayerLookup = (CachedRow | undefined)[]

/**
 * One layer of the prediction cache: answers by row key, in process (`LocalRowCache`) or shared
 * between servers (`RedisRowCache`). The tiered cache asks the layers in order and fills the upper
 * ones with what a lower one found.
 *
 * Contract: safe under concurrent requests; returned rows are shared and must not be mutated. A layer
 * never rejects and never throws: a failure costs hits, not answers. A layer that cannot look (Redis
 * away) answers `null` at once, so that no request waits on it, and counts and logs the failure
 * itself. Entries live at most the layer's TTL; a layer may drop any entry sooner (bounds, restarts).
 */
export interface RowCacheLayer {
  /** The `layer` label of the lookup metrics: `local`, `redis`. */
  readonly name: string
  /** The rows stored under `keys`, in order; `null` when the layer cannot look now. */
  get(keys: readonly string[]): Promise<LayerLookup | null>
  /** Stores rows under their keys. Returns at once: writing may finish (or fail) later. */
  set(rows: ReadonlyMap<string, CachedRow>): void
  /** Lets go of the layer's resources; `get` and `set` are not called after. */
  close(): Promise<void>
}
