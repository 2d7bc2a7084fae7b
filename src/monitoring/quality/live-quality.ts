import { type ClassLabels, classificationMetrics, regressionMetrics } from '../../models/index.js'
import { invalidValue } from '../../shared/index.js'
import type { FeedbackLabel } from '../prediction-log/prediction-log.js'

/** A ground-truth label as feedback carries it. */
export type TrueLabel = FeedbackLabel['label']

/**
 * Logged predictions that received a label, as parallel arrays (row i of each is one logged row).
 * A prediction is NaN where the request failed. Classifier labels name a class as the model writes
 * it (`classes`); regressor labels are numbers.
 */
export type LabelledPredictions =
  | {
      readonly task: 'binary'
      readonly classes: ClassLabels
      /** Probability of the positive class (`classes.values[1]`), one per row. */
      readonly probabilities: Float64Array
      readonly labels: readonly TrueLabel[]
    }
  | {
      readonly task: 'multiclass'
      readonly classes: ClassLabels
      /** Row-major [N, K], K = `classes.values.length`, in class order. */
      readonly probabilities: Float64Array
      readonly labels: readonly TrueLabel[]
    }
  | { readonly task: 'regression'; readonly predictions: Float64Array; readonly labels: readonly TrueLabel[] }

/** A classifier's live metrics (scikit-learn's definitions, from `src/models/metrics`). */
export interface ClassifierQuality {
  /** ROC AUC (multiclass: macro one-vs-rest); null when the labels hold one class only. */
  readonly auc: number | null
  readonly logloss: number
  /** At the default decision rule: p > 0.5 for binary, the most probable class otherwise. */
  readonly accuracy: number
  /** Binary: F1 of the positive class; multiclass: macro F1. */
  readonly f1: number
}

/** A regressor's live metrics. */
export interface RegressorQuality {
  readonly rmse: number
  readonly mae: number
}

/** How many rows the metrics stand on. */
interface QualityCounts {
  /** Predictions logged in the window. */
  readonly loggedRows: number
  /** Of those, the rows with a label. */
  readonly labelledRows: number
  /** `labelledRows / loggedRows`; null when nothing was logged. */
  readonly coverage: number | null
  /**
   * Labelled rows scored: those with a prediction (not a failed request) and a label the model can
   * be scored on (one of its classes; a finite number). The metrics are null when there is none.
   */
  readonly scoredRows: number
}

/** Live quality of a model over a window: plain JSON. */
export type LiveQuality =
  | (QualityCounts & { readonly task: 'binary' | 'multiclass'; readonly metrics: ClassifierQuality | null })
  | (QualityCounts & { readonly task: 'regression'; readonly metrics: RegressorQuality | null })

/**
 * The live metrics of labelled predictions: AUC, log loss, accuracy and F1 for classifiers, RMSE and
 * MAE for regressors, over the rows that can be scored, with label coverage against `loggedRows`
 * (the number of predictions logged in the same window). Throws `INVALID_PARAMETER_VALUE` when the
 * arrays' lengths disagree or `loggedRows` is below the labelled rows.
 *
 * @example liveQuality({ task: 'regression', predictions, labels }, { loggedRows: 5000 })
 */
export function liveQuality(
  input: LabelledPredictions,
  window: { readonly loggedRows: number },
): LiveQuality {
  const labelledRows = input.labels.length
  const { loggedRows } = window
  if (!(Number.isInteger(loggedRows) && loggedRows >= labelledRows)) {
    throw invalidValue(
      'loggedRows',
      `must be an integer >= the ${labelledRows} labelled rows, got ${loggedRows}`,
    )
  }
  const counts = { loggedRows, labelledRows, coverage: loggedRows > 0 ? labelledRows / loggedRows : null }
  if (input.task === 'regression') {
    checkLength('predictions', input.predictions.length, labelledRows)
    return { task: input.task, ...counts, ...regressorQuality(input.predictions, input.labels) }
  }
  const classes = input.classes.values.length
  if (input.task === 'binary' && classes !== 2)
    throw invalidValue('classes', `a binary model has 2 classes, got ${classes}`)
  checkLength(
    'probabilities',
    input.probabilities.length,
    input.task === 'binary' ? labelledRows : labelledRows * classes,
  )
  return { task: input.task, ...counts, ...classifierQuality(input) }
}

function regressorQuality(
  predictions: Float64Array,
  labels: readonly TrueLabel[],
): { scoredRows: number; metrics: RegressorQuality | null } {
  const truth = new Float64Array(labels.length)
  const predicted = new Float64Array(labels.length)
  let scored = 0
  labels.forEach((label, i) => {
    if (typeof label === 'number' && Number.isFinite(label) && Number.isFinite(predictions[i]!)) {
      truth[scored] = label
      predicted[scored++] = predictions[i]!
    }
  })
  if (scored === 0) return { scoredRows: 0, metrics: null }
  const { rmse, mae } = regressionMetrics(truth.subarray(0, scored), predicted.subarray(0, scored))
  return { scoredRows: scored, metrics: { rmse, mae } }
}

/**
 * Class indices of the labels (matched as written: `String(label)` against `String(class)`, so the
 * label `'1'` or `1` is the int64 class 1) and the [N, K] probabilities (binary: [1 − p, p]) of the
 * rows that can be scored, compacted into typed arrays.
 */
function classifierQuality(input: Extract<LabelledPredictions, { task: 'binary' | 'multiclass' }>): {
  scoredRows: number
  metrics: ClassifierQuality | null
} {
  const classIndex = new Map(input.classes.values.map((c, k) => [String(c), k]))
  const binary = input.task === 'binary'
  const k = binary ? 2 : input.classes.values.length
  const labels = new Float64Array(input.labels.length)
  const probabilities = new Float64Array(input.labels.length * k)
  let scored = 0
  input.labels.forEach((label, row) => {
    const index = classIndex.get(String(label))
    if (index === undefined) return
    const at = scored * k
    if (binary) {
      probabilities[at] = 1 - input.probabilities[row]!
      probabilities[at + 1] = input.probabilities[row]!
    } else probabilities.set(input.probabilities.subarray(row * k, (row + 1) * k), at)
    for (let j = at; j < at + k; j++) if (!Number.isFinite(probabilities[j]!)) return
    labels[scored++] = index
  })
  if (scored === 0) return { scoredRows: 0, metrics: null }
  const m = classificationMetrics(labels.subarray(0, scored), probabilities.subarray(0, scored * k), k)
  return {
    scoredRows: scored,
    metrics: {
      auc: Number.isNaN(m.roc_auc) ? null : m.roc_auc,
      logloss: m.logloss,
      accuracy: m.accuracy,
      f1: binary ? m.f1! : m.macro_f1,
    },
  }
}

function checkLength(field: string, actual: number, expected: number): void {
  if (actual !== expected)
    throw invalidValue(field, `must have length ${expected} for the labelled rows, got ${actual}`)
}
