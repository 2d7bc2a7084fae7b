import type { CacheMetrics } from './cache-metrics.js'
import type { CachedRow } from './cached-row.js'
import type { LayerLookup, RowCacheLayer } from './row-cache-layer.js'

/**
 * The layers asked in order (local first, then Redis): each is asked only for the rows the ones above
 * missed, and what a lower layer finds is stored in the layers above it, so the next lookup of those
 * rows stays in process. New rows go to every layer. Counts each layer's hits and misses.
 */
export class TieredRowCache {
  readonly #layers: readonly RowCacheLayer[]
  readonly #metrics: CacheMetrics

  constructor(layers: readonly RowCacheLayer[], metrics: CacheMetrics) {
    this.#layers = layers
    this.#metrics = metrics
  }

  /** The row cached under each key, in order; `undefined` where no layer has it. */
  async get(keys: readonly string[]): Promise<LayerLookup> {
    const found: LayerLookup = new Array(keys.length).fill(undefined)
    let missing = keys.map((_, i) => i)
    for (const [depth, layer] of this.#layers.entries()) {
      if (missing.length === 0) break
      const answer = await layer.get(missing.map((i) => keys[i]!))
      if (answer === null) continue
      const hits = new Map<string, CachedRow>()
      missing = missing.filter((i, j) => {
        const row = answer[j]
        if (row === undefined) return true
        found[i] = row
        hits.set(keys[i]!, row)
        return false
      })
      this.#metrics.lookedUp(layer.name, answer.length - missing.length, missing.length)
      if (hits.size > 0) for (const upper of this.#layers.slice(0, depth)) upper.set(hits)
    }
    return found
  }

  /** Stores new rows in every layer, without waiting for any. */
  set(rows: ReadonlyMap<string, CachedRow>): void {
    for (const layer of this.#layers) layer.set(rows)
  }

  async close(): Promise<void> {
    await Promise.all(this.#layers.map((layer) => layer.close()))
  }
}
