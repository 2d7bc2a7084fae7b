import { type CachedRow, rowBytes } from '../cached-row.js'
import type { LayerLookup, RowCacheLayer } from '../row-cache-layer.js'

/** Bounds of a `LocalRowCache`. */
export interface LocalRowCacheOptions {
  /** Most rows kept. */
  readonly maxEntries: number
  /** Most bytes kept, as `rowBytes` estimates them; a row larger than this alone is not kept. */
  readonly maxBytes: number
  /** How long a row is answered after it was stored, in ms. */
  readonly ttlMs: number
  /** Epoch ms now; tests pass their own clock. Default `Date.now`. */
  readonly now?: () => number
}

interface Entry {
  readonly row: CachedRow
  readonly bytes: number
  readonly expiresAt: number
}

/**
 * The in-process layer: a least-recently-used map bounded by entries and bytes, each entry answered
 * for `ttlMs` after it was stored. A hit makes the row the most recently used; storing past a bound
 * drops the least recently used rows first. Expired rows are dropped when looked up or when they reach
 * the old end, so `size` and `bytes` may count a few of them until then. Lookups are synchronous
 * underneath: a request pays no I/O for a local hit.
 */
export class LocalRowCache implements RowCacheLayer {
  readonly name = 'local'
  readonly #options: LocalRowCacheOptions
  readonly #now: () => number
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recently used first.
  readonly #entries = new Map<string, Entry>()
  #bytes = 0

  constructor(options: LocalRowCacheOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  /** Rows held now. */
  get size(): number {
    return this.#entries.size
  }

  /** Estimated bytes held now. */
  get bytes(): number {
    return this.#bytes
  }

  async get(keys: readonly string[]): Promise<LayerLookup> {
    return keys.map((key) => this.lookup(key))
  }

  set(rows: ReadonlyMap<string, CachedRow>): void {
    const expiresAt = this.#now() + this.#options.ttlMs
    for (const [key, row] of rows) {
      const bytes = rowBytes(key, row)
      if (bytes > this.#options.maxBytes) continue
      this.#remove(key)
      this.#entries.set(key, { row, bytes, expiresAt })
      this.#bytes += bytes
    }
    this.#evict()
  }

  async close(): Promise<void> {
    this.#entries.clear()
    this.#bytes = 0
  }

  /** The row under `key`, now the most recently used; undefined when absent or expired. Synchronous. */
  lookup(key: string): CachedRow | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    this.#entries.delete(key)
    if (entry.expiresAt <= this.#now()) {
      this.#bytes -= entry.bytes
      return undefined
    }
    this.#entries.set(key, entry)
    return entry.row
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    this.#entries.delete(key)
    this.#bytes -= entry.bytes
  }

  #evict(): void {
    const { maxEntries, maxBytes } = this.#options
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= maxEntries && this.#bytes <= maxBytes) return
      this.#remove(key)
    }
  }
}
