import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { LoadedModel } from './loaded-model.js'

/** One answered request, as the metrics count it. */
export interface RequestOutcome {
  /** The route's name (`v1_predict`, `v2_infer`, `invocations`, `health`...). */
  readonly endpoint: string
  readonly status: number
  /** The model and version that answered; '' when none did (unknown model, health checks). */
  readonly model: string
  readonly version: string
  readonly seconds: number
  /** The Shipyard error code of an error answer. */
  readonly errorCode?: string
}

/**
 * Latency histogram buckets, from 1 ms to 10 s: a tree ensemble on a few rows answers in well under a
 * millisecond, a big batch in seconds. Shared by the latency histograms, so they compare bucket for bucket.
 */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * The inference server's Prometheus metrics, in a registry of their own (two servers in one process,
 * as in tests, never share counters):
 * - `shipyard_inference_requests_total{model,version,endpoint,status}`
 * - `shipyard_inference_errors_total{code}`
 * - `shipyard_inference_request_duration_seconds{model,version}` (histogram, predictions only)
 * - `shipyard_model_load_seconds{model,version}` (gauge, for each version loaded now)
 * - Node's process metrics (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`...).
 */
export class ServingMetrics {
  readonly registry = new Registry()
  readonly #requests: Counter<'model' | 'version' | 'endpoint' | 'status'>
  readonly #errors: Counter<'code'>
  readonly #latency: Histogram<'model' | 'version'>

  /** `loaded` lists the versions loaded now, read at each scrape. */
  constructor(loaded: () => readonly LoadedModel[]) {
    const registers = [this.registry]
    this.#requests = new Counter({
      name: 'shipyard_inference_requests_total',
      help: 'Requests answered, by model, version, endpoint and HTTP status',
      labelNames: ['model', 'version', 'endpoint', 'status'],
      registers,
    })
    this.#errors = new Counter({
      name: 'shipyard_inference_errors_total',
      help: 'Error answers by Shipyard error code',
      labelNames: ['code'],
      registers,
    })
    this.#latency = new Histogram({
      name: 'shipyard_inference_request_duration_seconds',
      help: 'Time to answer a prediction request, by model and version',
      labelNames: ['model', 'version'],
      buckets: LATENCY_BUCKETS,
      registers,
    })
    new Gauge({
      name: 'shipyard_model_load_seconds',
      help: 'Time it took to read, load and warm up each model version loaded now',
      labelNames: ['model', 'version'],
      registers,
      collect() {
        this.reset()
        for (const model of loaded()) {
          this.set({ model: model.name, version: String(model.version.version) }, model.loadSeconds)
        }
      },
    })
    collectDefaultMetrics({ register: this.registry })
  }

  /** Counts one answered request (and its error code, for an error). */
  record(outcome: RequestOutcome): void {
    const { model, version, endpoint } = outcome
    this.#requests.inc({ model, version, endpoint, status: String(outcome.status) })
    if (outcome.errorCode !== undefined) this.#errors.inc({ code: outcome.errorCode })
    if (model !== '' && outcome.status < 400) this.#latency.observe({ model, version }, outcome.seconds)
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
