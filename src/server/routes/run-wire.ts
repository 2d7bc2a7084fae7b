import type { Page, Run } from '../../tracking/index.js'
import { encodeMetric } from '../schemas/metric-schemas.js'

/** A run ready for JSON: its non-finite metric values spelled out. Untouched when all are finite. */
export function encodeRun(run: Run): Run | Record<string, unknown> {
  const entries = Object.entries(run.data.metrics)
  if (entries.every(([, metric]) => Number.isFinite(metric.value))) return run
  // fromEntries defines own properties: a metric named `__proto__` stays a metric.
  const encoded = Object.fromEntries(entries.map(([key, metric]) => [key, encodeMetric(metric)]))
  return { info: run.info, data: { ...run.data, metrics: encoded } }
}

/** A page of runs ready for JSON. */
export function encodeRunPage(page: Page<Run>): Record<string, unknown> {
  return { ...page, items: page.items.map(encodeRun) }
}
