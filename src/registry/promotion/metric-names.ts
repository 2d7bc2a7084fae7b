import type { ClassificationMetrics, RegressionMetrics } from '../../models/index.js'
import { closestMatch } from '../../shared/index.js'

type NumericKeys<T> = { [K in keyof T]-?: T[K] extends number | undefined ? K : never }[keyof T]

/** Every number `evaluatePredictions` reports, and for which kind of model. */
type MetricName = NumericKeys<ClassificationMetrics> | NumericKeys<RegressionMetrics>

// `satisfies` with every key: a metric added to either interface does not compile until it is listed here.
const METRIC_KINDS = {
  accuracy: 'classifier',
  logloss: 'classifier',
  brier: 'classifier',
  roc_auc: 'classifier',
  pr_auc: 'classifier',
  precision: 'binary classifier',
  recall: 'binary classifier',
  f1: 'binary classifier',
  macro_precision: 'classifier',
  macro_recall: 'classifier',
  macro_f1: 'classifier',
  weighted_precision: 'classifier',
  weighted_recall: 'classifier',
  weighted_f1: 'classifier',
  rmse: 'regressor',
  mae: 'regressor',
  r2: 'regressor',
  mape: 'regressor',
} as const satisfies Record<MetricName, string>

/** The names people use for some metrics, each with the metric it means. */
export const METRIC_SYNONYMS: Readonly<Record<string, MetricName>> = {
  auc: 'roc_auc',
  log_loss: 'logloss',
  average_precision: 'pr_auc',
  ap: 'pr_auc',
  brier_score: 'brier',
}

/** The metrics a requirement may name, as `evaluatePredictions` keys them. */
export const METRIC_NAMES: readonly string[] = Object.keys(METRIC_KINDS)

/** The metric `name` means (case-insensitive; synonyms resolved), or undefined when it means none. */
export function canonicalMetric(name: string): string | undefined {
  const lower = name.toLowerCase()
  if (Object.hasOwn(METRIC_KINDS, lower)) return lower
  return Object.hasOwn(METRIC_SYNONYMS, lower) ? METRIC_SYNONYMS[lower] : undefined
}

/** The kind of model that reports `metric` (`classifier`, `binary classifier`, `regressor`), for messages. */
export function metricKind(metric: string): string {
  return (METRIC_KINDS as Record<string, string>)[metric] ?? 'model'
}

/** 'did you mean' for an unknown metric name: the nearest metric or synonym, if any is close. */
export function nearestMetric(name: string): string | undefined {
  return closestMatch(name.toLowerCase(), [...METRIC_NAMES, ...Object.keys(METRIC_SYNONYMS)])
}
