/**
 * Alert rules: per model, what a monitor report is checked for, how often, and who hears of it.
 * Domain types only; `parseAlertRules` reads them from a file's JSON.
 */

/** What a condition watches. The one list of them: the parser and the observers read it. */
export const ALERT_CONDITION_KINDS = ['drift', 'metric_decay', 'error_rate', 'p99_latency_ms'] as const
export type AlertConditionKind = (typeof ALERT_CONDITION_KINDS)[number]

/**
 * The live metrics a `metric_decay` condition can watch (as the monitor report's live quality names
 * them), and which way is better.
 */
export const DECAY_METRICS = {
  auc: 'higher',
  accuracy: 'higher',
  f1: 'higher',
  logloss: 'lower',
  rmse: 'lower',
  mae: 'lower',
} as const satisfies Record<string, 'higher' | 'lower'>
export type DecayMetric = keyof typeof DECAY_METRICS

/**
 * Hysteresis: a condition fires after `fireAfter` breached evaluations in a row and resolves after
 * `resolveAfter` clear ones in a row (the file's `for` and `clear_for`, default 2 each). One breach
 * among clear evaluations, or one clear evaluation among breaches, changes nothing.
 */
export interface Hysteresis {
  readonly fireAfter: number
  readonly resolveAfter: number
}

/** What every condition has: its name (unique per model; the alert's `condition`) and hysteresis. */
interface ConditionBase extends Hysteresis {
  readonly name: string
}

/**
 * One check of a monitor report. Each fires when its value passes its threshold:
 * - `drift`: the largest share of drifted features among the versions that answered; breached at
 *   `share >= threshold`, or when the report says the dataset drifted (`threshold` null).
 * - `metric_decay`: a version's live `metric` worse than its training value by more than `threshold`
 *   (AUC below training − threshold; log loss above training + threshold), once at least `minLabels`
 *   labelled rows were scored.
 * - `error_rate`: the model's share of failed requests above `threshold` (0..1).
 * - `p99_latency_ms`: the model's 99th percentile latency above `threshold` ms.
 */
export type AlertCondition =
  | (ConditionBase & { readonly kind: 'drift'; readonly threshold: number | null })
  | (ConditionBase & {
      readonly kind: 'metric_decay'
      readonly metric: DecayMetric
      readonly threshold: number
      readonly minLabels: number
    })
  | (ConditionBase & { readonly kind: 'error_rate'; readonly threshold: number })
  | (ConditionBase & { readonly kind: 'p99_latency_ms'; readonly threshold: number })

/** A command run when an alert fires, without a shell: `command[0]` is the program. */
export interface RetrainCommand {
  readonly command: readonly string[]
  /** Its working directory; null: the server's. */
  readonly cwd: string | null
}

/** The alerts of one model. */
export interface AlertRule {
  readonly model: string
  /** How often the model is evaluated, ms. */
  readonly intervalMs: number
  /** How far back each evaluation's monitor report looks, as `parseWindow` reads it (`1h`). */
  readonly window: string
  readonly conditions: readonly AlertCondition[]
  /** Where firing and resolved alerts are POSTed; null: they are only stored. */
  readonly webhook: string | null
  /** Run when one of the model's alerts fires; null: none. */
  readonly retrain: RetrainCommand | null
}

/** Everything an alerts file says. */
export interface AlertRules {
  /** One per model, in the file's order. */
  readonly rules: readonly AlertRule[]
  /**
   * The Shipyard server whose monitor report a webhook links to (`report_url`:
   * `<base>/api/v1/models/<model>/monitor?window=<window>`); null: no link.
   */
  readonly reportBaseUrl: string | null
}
