import { Counter, Histogram, type Registry } from 'prom-client'
import { LATENCY_BUCKETS } from '../serving-metrics.js'

/** What happened to one mirrored request. */
export type ShadowOutcome = 'ok' | 'error' | 'dropped'

/** One mirrored request as the metrics count it. */
export interface ShadowObservation {
  readonly model: string
  readonly primaryVersion: string
  /** '' when no shadow version was leased (dropped, or failed before). */
  readonly shadowVersion: string
  readonly outcome: ShadowOutcome
  /** The shadow's run time, when it ran. */
  readonly seconds?: number
  /** Rows compared and rows that agreed, when it ran. */
  readonly rows?: number
  readonly agreed?: number
}

/**
 * The shadow traffic's Prometheus metrics, in the inference server's registry:
 * - `shipyard_shadow_requests_total{model,primary_version,shadow_version,outcome}`, outcome `ok`,
 *   `error` or `dropped` (the shadow queue was full, or the server was closing)
 * - `shipyard_shadow_latency_seconds{model,shadow_version}` (histogram of the shadow's run time)
 * - `shipyard_shadow_agreement_total{model,primary_version,shadow_version,agree}`: rows, `agree`
 *   `true` or `false`
 */
export class ShadowMetrics {
  readonly #requests: Counter<'model' | 'primary_version' | 'shadow_version' | 'outcome'>
  readonly #latency: Histogram<'model' | 'shadow_version'>
  readonly #agreement: Counter<'model' | 'primary_version' | 'shadow_version' | 'agree'>

  constructor(registry: Registry) {
    const registers = [registry]
    this.#requests = new Counter({
      name: 'shipyard_shadow_requests_total',
      help: 'Requests mirrored to a shadow version, by outcome (ok, error, dropped)',
      labelNames: ['model', 'primary_version', 'shadow_version', 'outcome'],
      registers,
    })
    this.#latency = new Histogram({
      name: 'shipyard_shadow_latency_seconds',
      help: "Time the shadow version took to run a mirrored request's rows",
      labelNames: ['model', 'shadow_version'],
      buckets: LATENCY_BUCKETS,
      registers,
    })
    this.#agreement = new Counter({
      name: 'shipyard_shadow_agreement_total',
      help: 'Rows the shadow answered like the primary (same label; regression within the tolerance) or not',
      labelNames: ['model', 'primary_version', 'shadow_version', 'agree'],
      registers,
    })
  }

  /** Counts one mirrored request (and, when it ran, its latency and its rows' agreement). */
  record(observation: ShadowObservation): void {
    const { model, outcome } = observation
    const versions = {
      primary_version: observation.primaryVersion,
      shadow_version: observation.shadowVersion,
    }
    this.#requests.inc({ model, ...versions, outcome })
    if (observation.seconds !== undefined) {
      this.#latency.observe({ model, shadow_version: observation.shadowVersion }, observation.seconds)
    }
    if (observation.rows !== undefined && observation.agreed !== undefined) {
      this.#agreement.inc({ model, ...versions, agree: 'true' }, observation.agreed)
      this.#agreement.inc({ model, ...versions, agree: 'false' }, observation.rows - observation.agreed)
    }
  }
}
