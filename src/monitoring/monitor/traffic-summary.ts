import type { LoggedColumns } from '../prediction-log/index.js'

/** Requests, errors and latency over a window. Plain JSON. */
export interface TrafficSummary {
  /** Logged records: one per row of each request. */
  readonly records: number
  /** Requests answered (their row-0 records). */
  readonly requests: number
  /** Of those, the ones answered with an error. */
  readonly errors: number
  /** `errors / requests`; null without requests. */
  readonly errorRate: number | null
  /** Percentiles of the requests' latency, linearly interpolated as numpy's default; null without requests. */
  readonly latencyMs: { readonly p50: number | null; readonly p99: number | null }
}

/** The log columns `summarizeTraffic` reads. */
export const TRAFFIC_COLUMNS = ['version', 'row', 'arm', 'latency_ms', 'error_code'] as const

/**
 * The traffic of a model's records (`TRAFFIC_COLUMNS` of one window) in one pass: for the model, and
 * for each version by number. A shadow's records count for its own version but not for the model,
 * whose requests are the ones clients sent. A request's latency is on each of its rows; it is counted
 * once, from row 0.
 */
export function summarizeTraffic(logged: LoggedColumns): {
  readonly model: TrafficSummary
  readonly versions: ReadonlyMap<number, TrafficSummary>
} {
  const column = (name: (typeof TRAFFIC_COLUMNS)[number]) => logged.columns.get(name)!
  const version = column('version') as Float64Array
  const row = column('row') as Float64Array
  const latency = column('latency_ms') as Float64Array
  const arm = column('arm')
  const errorCode = column('error_code')
  const model = new Tally()
  const byVersion = new Map<number, Tally>()
  for (let i = 0; i < logged.rowCount; i++) {
    const v = version[i]!
    let tally = byVersion.get(v)
    if (tally === undefined && !Number.isNaN(v)) {
      tally = new Tally()
      byVersion.set(v, tally)
    }
    const first = row[i] === 0
    const failed = Array.isArray(errorCode) ? errorCode[i] != null && errorCode[i] !== '' : false
    tally?.add(first, failed, latency[i]!)
    if (!(Array.isArray(arm) && arm[i] === 'shadow')) model.add(first, failed, latency[i]!)
  }
  return {
    model: model.summary(),
    versions: new Map([...byVersion].map(([v, tally]) => [v, tally.summary()])),
  }
}

/** Counts of one group of records. */
class Tally {
  records = 0
  requests = 0
  errors = 0
  readonly latencies: number[] = []

  add(firstRow: boolean, failed: boolean, latencyMs: number): void {
    this.records++
    if (!firstRow) return
    this.requests++
    if (failed) this.errors++
    if (Number.isFinite(latencyMs)) this.latencies.push(latencyMs)
  }

  summary(): TrafficSummary {
    const sorted = Float64Array.from(this.latencies).sort()
    return {
      records: this.records,
      requests: this.requests,
      errors: this.errors,
      errorRate: this.requests > 0 ? this.errors / this.requests : null,
      latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) },
    }
  }
}

/** The `q` quantile of sorted values, between the two nearest order statistics; null when empty. */
export function percentile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null
  const at = q * (sorted.length - 1)
  const below = Math.floor(at)
  const above = Math.min(below + 1, sorted.length - 1)
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below)
}

/** A summary of no traffic, for a version asked about that had none in the window. */
export const NO_TRAFFIC: TrafficSummary = {
  records: 0,
  requests: 0,
  errors: 0,
  errorRate: null,
  latencyMs: { p50: null, p99: null },
}
