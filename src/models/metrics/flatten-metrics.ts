import type { ClassificationMetrics } from './classification-metrics.js'
import type { RegressionMetrics } from './regression-metrics.js'

/**
 * The numeric metrics as a flat record for tracking (`logMetrics`), keys prefixed with `prefix`
 * (default none; e.g. `'valid_'`). Nested values (confusion matrix, per-class scores) and fields a
 * task does not have are left out; NaN is kept, since tracking stores it and it says "undefined here"
 * (an AUC on single-class data).
 */
export function flattenMetrics(
  metrics: ClassificationMetrics | RegressionMetrics,
  prefix = '',
): Record<string, number> {
  const flat: Record<string, number> = {}
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === 'number') flat[prefix + key] = value
  }
  return flat
}
