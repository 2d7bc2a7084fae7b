import { exponentialBuckets, Histogram, type Registry } from 'prom-client'

/** Told of every onnxruntime run a batcher makes: the rows it held and the requests they came from. */
export type BatchObserver = (rows: number, requests: number) => void

// Rows per run: 1 to 8192 by powers of two (a single request may hold more than the batch limit).
const ROW_BUCKETS = exponentialBuckets(1, 2, 14)
// Requests per run: 1 to 256 by powers of two (each request holds at least one row).
const REQUEST_BUCKETS = exponentialBuckets(1, 2, 9)

/**
 * The micro-batcher's Prometheus histograms, registered in the server's registry (one `BatchMetrics`
 * per registry: prom-client refuses a name registered twice):
 * - `shipyard_inference_batch_rows{model,version}`: rows per onnxruntime run
 * - `shipyard_inference_batch_requests{model,version}`: requests joined per onnxruntime run
 *
 * @example
 * const batchMetrics = new BatchMetrics(servingMetrics.registry)
 * const pool = new ModelPool({ registry, routes, batching: { metrics: batchMetrics } })
 */
export class BatchMetrics {
  readonly #rows: Histogram<'model' | 'version'>
  readonly #requests: Histogram<'model' | 'version'>

  constructor(registry: Registry) {
    const registers = [registry]
    this.#rows = new Histogram({
      name: 'shipyard_inference_batch_rows',
      help: 'Rows per onnxruntime run (requests joined by micro-batching), by model and version',
      labelNames: ['model', 'version'],
      buckets: ROW_BUCKETS,
      registers,
    })
    this.#requests = new Histogram({
      name: 'shipyard_inference_batch_requests',
      help: 'Requests joined into one onnxruntime run by micro-batching, by model and version',
      labelNames: ['model', 'version'],
      buckets: REQUEST_BUCKETS,
      registers,
    })
  }

  /** The observer of one version's runs; its labels are resolved once, not at every run. */
  observerOf(model: string, version: number): BatchObserver {
    const labels = { model, version: String(version) }
    const rows = this.#rows.labels(labels)
    const requests = this.#requests.labels(labels)
    return (rowCount, requestCount) => {
      rows.observe(rowCount)
      requests.observe(requestCount)
    }
  }
}
