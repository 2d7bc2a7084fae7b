import type { Metric, Run } from '../tracking/index.js'

/**
 * Metric values on the wire: JSON has no NaN or infinities, so the native API spells them as the
 * strings "NaN", "Infinity" and "-Infinity" (see the server's `metricValueSchema`).
 */
export type WireMetricValue = number | 'NaN' | 'Infinity' | '-Infinity'

/** A metric as the native API sends and takes it. */
export interface WireMetric {
  readonly key: string
  readonly value: WireMetricValue
  readonly timestamp: number
  readonly step: number
}

/** A run as the native API sends it. */
export interface WireRun {
  readonly info: Run['info']
  readonly data: Omit<Run['data'], 'metrics'> & { readonly metrics: Readonly<Record<string, WireMetric>> }
}

/** Writes a metric for the wire, keeping only the fields the API takes. */
export function toWireMetric(metric: Metric): WireMetric {
  const { value } = metric
  const wire =
    Number.isFinite(value) || typeof value !== 'number'
      ? value
      : Number.isNaN(value)
        ? 'NaN'
        : value > 0
          ? 'Infinity'
          : '-Infinity'
  return { key: metric.key, value: wire as WireMetricValue, timestamp: metric.timestamp, step: metric.step }
}

/** Reads a metric from the wire. */
export function fromWireMetric(metric: WireMetric): Metric {
  return typeof metric.value === 'number' ? (metric as Metric) : { ...metric, value: Number(metric.value) }
}

/** Reads a run from the wire. */
export function fromWireRun(run: WireRun): Run {
  // fromEntries defines own properties: a metric named `__proto__` stays a metric.
  const metrics = Object.fromEntries(
    Object.entries(run.data.metrics).map(([key, metric]) => [key, fromWireMetric(metric)]),
  )
  return { info: run.info, data: { ...run.data, metrics } }
}
