import { strictObject } from './json-schema.js'

/** The spellings of the metric values JSON cannot carry as numbers. */
export const NON_FINITE_SPELLINGS = ['NaN', 'Infinity', '-Infinity'] as const

/** A metric value on the wire: a JSON number, or one of the strings of `NON_FINITE_SPELLINGS`. */
export type WireMetricValue = number | (typeof NON_FINITE_SPELLINGS)[number]

/**
 * A metric value. Metrics may be NaN or infinite (a diverging loss), which JSON cannot express:
 * they travel as the strings "NaN", "Infinity" and "-Infinity", in requests and responses alike.
 */
export const metricValueSchema = {
  description:
    'A number. NaN and the infinities, which JSON cannot carry, are written as the strings "NaN", "Infinity" and "-Infinity".',
  anyOf: [{ type: 'number' }, { type: 'string', enum: NON_FINITE_SPELLINGS }],
} as const

/** One metric point. */
export const metricSchema = strictObject({
  key: { type: 'string' },
  value: metricValueSchema,
  timestamp: { type: 'integer', description: 'Epoch milliseconds.' },
  step: { type: 'integer' },
})

/** Writes a metric value for the wire: finite numbers as numbers, the rest as their spelling. */
export function encodeMetricValue(value: number): WireMetricValue {
  if (Number.isFinite(value)) return value
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'
}

/** Reads a metric value from the wire; the schema has already restricted the strings. */
export function decodeMetricValue(value: WireMetricValue): number {
  return typeof value === 'number' ? value : Number(value)
}

/** A metric point as it travels. */
export interface WireMetric {
  readonly key: string
  readonly value: WireMetricValue
  readonly timestamp: number
  readonly step: number
}

/** Writes a metric for the wire; finite metrics (the common case) are returned as they are. */
export function encodeMetric<M extends { readonly value: number }>(
  metric: M,
): M | (Omit<M, 'value'> & { value: WireMetricValue }) {
  return Number.isFinite(metric.value) ? metric : { ...metric, value: encodeMetricValue(metric.value) }
}

/** Reads a metric from the wire. */
export function decodeMetric<M extends { readonly value: WireMetricValue }>(
  metric: M,
): Omit<M, 'value'> & { value: number } {
  return typeof metric.value === 'number'
    ? (metric as M & { value: number })
    : { ...metric, value: decodeMetricValue(metric.value) }
}
