import { Counter, Gauge, type Registry } from 'prom-client'

/** What the metrics read from the layers at each scrape. */
export interface CacheLayersState {
  readonly local: { readonly size: number; readonly bytes: number }
  /** Whether the shared layer (Redis) answers now; absent without one. */
  readonly redisConnected?: () => boolean
}

/**
 * The prediction cache's Prometheus metrics, in the inference server's registry
 * (`ServingMetrics.registry`):
 * - `shipyard_cache_lookups_total{layer,result}`: rows looked up, by layer (`request`: whole bodies
 *   seen before, `local`, `redis`) and `hit` / `miss`; a row missed by one layer is counted again at
 *   the next
 * - `shipyard_cache_errors_total{operation}`: failed shared-store calls (`get`, `set`)
 * - `shipyard_cache_local_entries`, `shipyard_cache_local_bytes`: what the local layer holds now
 * - `shipyard_cache_redis_connected`: 1 while Redis answers, 0 while it is away (with Redis only)
 */
export class CacheMetrics {
  readonly #lookups: Counter<'layer' | 'result'>
  readonly #errors: Counter<'operation'>

  /** Counters start at 0 for the layers in use, so that rates exist before the first hit. */
  constructor(registry: Registry, layers: CacheLayersState) {
    const { local, redisConnected } = layers
    const registers = [registry]
    this.#lookups = new Counter({
      name: 'shipyard_cache_lookups_total',
      help: 'Rows looked up in the prediction cache, by layer and result',
      labelNames: ['layer', 'result'],
      registers,
    })
    this.#errors = new Counter({
      name: 'shipyard_cache_errors_total',
      help: 'Failed calls to the shared prediction cache (Redis), by operation',
      labelNames: ['operation'],
      registers,
    })
    for (const layer of redisConnected ? ['request', 'local', 'redis'] : ['request', 'local']) {
      this.lookedUp(layer, 0, 0)
    }
    for (const operation of ['get', 'set'] as const) this.#errors.inc({ operation }, 0)
    new Gauge({
      name: 'shipyard_cache_local_entries',
      help: 'Rows held in the in-process prediction cache',
      registers,
      collect() {
        this.set(local.size)
      },
    })
    new Gauge({
      name: 'shipyard_cache_local_bytes',
      help: 'Estimated bytes held in the in-process prediction cache',
      registers,
      collect() {
        this.set(local.bytes)
      },
    })
    if (redisConnected) {
      new Gauge({
        name: 'shipyard_cache_redis_connected',
        help: '1 while the shared prediction cache (Redis) is connected, 0 while it is away',
        registers,
        collect() {
          this.set(redisConnected() ? 1 : 0)
        },
      })
    }
  }

  /** Counts one layer's answer to a lookup of `hits + misses` rows. */
  lookedUp(layer: string, hits: number, misses: number): void {
    this.#lookups.inc({ layer, result: 'hit' }, hits)
    this.#lookups.inc({ layer, result: 'miss' }, misses)
  }

  /** Counts one failed call to the shared store. */
  failed(operation: 'get' | 'set'): void {
    this.#errors.inc({ operation })
  }
}
