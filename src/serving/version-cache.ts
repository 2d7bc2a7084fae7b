import type { LoadedModel } from './loaded-model.js'
import type { ServingLog } from './serving-log.js'

/** A version in the cache: loading, then loaded. */
export interface CachedVersion {
  readonly name: string
  readonly version: number
  /** Settles once the version is loaded and warm; rejects when it cannot be. */
  readonly loading: Promise<LoadedModel>
  /** Set when `loading` resolves: lets the hot path take a lease without awaiting. */
  readonly model: LoadedModel | null
}

interface Entry extends CachedVersion {
  model: LoadedModel | null
  pins: number
}

/**
 * Loaded model versions by name and number, each loaded once however many requests ask at the same
 * time. Pinned versions (what a served route points at) stay; of the others, the least recently used
 * are retired once there are more than `capacity`. A version that fails to load is forgotten, so the
 * next request tries again. Retiring a version lets its requests in flight finish first.
 */
export class VersionCache {
  readonly #entries = new Map<string, Entry>()
  readonly #load: (name: string, version: number) => Promise<LoadedModel>
  readonly #capacity: number
  readonly #log: ServingLog
  readonly #retiring = new Set<Promise<void>>()

  constructor(
    load: (name: string, version: number) => Promise<LoadedModel>,
    capacity: number,
    log: ServingLog,
  ) {
    this.#load = load
    this.#capacity = Math.max(1, capacity)
    this.#log = log
  }

  /** The version, loading it when absent; marks it most recently used. */
  get(name: string, version: number): CachedVersion {
    const key = keyOf(name, version)
    const found = this.#entries.get(key)
    if (found) {
      this.#entries.delete(key)
      this.#entries.set(key, found)
      return found
    }
    const entry = this.#start(key, name, version)
    this.#evictOverflow()
    return entry
  }

  /** `get`, and keeps the version loaded until as many `unpin` calls. */
  pin(name: string, version: number): CachedVersion {
    const entry = this.get(name, version) as Entry
    entry.pins++
    return entry
  }

  /** Undoes one `pin`; the last one retires the version (a route moved off it). */
  unpin(cached: CachedVersion): void {
    const entry = cached as Entry
    entry.pins--
    const key = keyOf(entry.name, entry.version)
    if (entry.pins === 0 && this.#entries.get(key) === entry) this.#evict(key, entry)
  }

  /** Every version held (loading or loaded), oldest use first. */
  entries(): readonly CachedVersion[] {
    return [...this.#entries.values()]
  }

  /** Retires every version and waits until their sessions are freed (after their requests finish). */
  async close(): Promise<void> {
    const entries = [...this.#entries]
    for (const [key, entry] of entries) this.#evict(key, entry)
    // A version still loading is retired by its load's continuation, which has run once it settles.
    await Promise.allSettled(entries.map(([, entry]) => entry.loading))
    await Promise.all(this.#retiring)
  }

  #start(key: string, name: string, version: number): Entry {
    const loading = this.#load(name, version).then(
      (model) => {
        if (this.#entries.get(key) === entry) entry.model = model
        else this.#retire(model) // evicted while it loaded
        return model
      },
      (error: unknown) => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key)
        throw error
      },
    )
    // Whoever asked handles the failure; this only keeps an unobserved rejection from crashing the process.
    loading.catch(() => undefined)
    const entry: Entry = { name, version, loading, pins: 0, model: null }
    this.#entries.set(key, entry)
    return entry
  }

  #evictOverflow(): void {
    let unpinned = 0
    for (const entry of this.#entries.values()) if (entry.pins === 0) unpinned++
    for (const [key, entry] of this.#entries) {
      if (unpinned <= this.#capacity) return
      if (entry.pins > 0) continue
      this.#evict(key, entry)
      unpinned--
    }
  }

  #evict(key: string, entry: Entry): void {
    this.#entries.delete(key)
    if (entry.model) this.#retire(entry.model)
    // Still loading: the load's own continuation retires it, seeing the entry gone.
  }

  #retire(model: LoadedModel): void {
    const retired = model.retire().catch((error: unknown) => {
      this.#log.warn(
        { model: model.name, version: model.version.version, err: error },
        'freeing a session failed',
      )
    })
    this.#retiring.add(retired)
    void retired.finally(() => this.#retiring.delete(retired))
  }
}

// Versions are digits, so the first ':' splits the key whatever the name holds.
function keyOf(name: string, version: number): string {
  return `${version}:${name}`
}
