import { areaUnderPrecisionRecall } from './average-precision.js'
import { type ClassScores, classScores } from './class-scores.js'
import { confusionMatrix, DEFAULT_THRESHOLD, predictClasses } from './confusion-matrix.js'
import { checkClassifierInputs, type Scores, type WeightOptions } from './metric-inputs.js'
import { brierScore, logLoss } from './probability-losses.js'
import { areaUnderRoc } from './roc-auc.js'
import { thresholdCounts } from './threshold-counts.js'

/**
 * The metrics of a classifier. Numbers are flat `snake_case` fields, named as they are logged to
 * tracking (`flattenMetrics` keeps exactly those); the confusion matrix and per-class scores are the
 * only nested values. Each follows the scikit-learn function named in its comment, with sample
 * weights when given.
 */
export interface ClassificationMetrics {
  /** Fraction (of weight) predicted right (`accuracy_score`). */
  readonly accuracy: number
  /** Cross-entropy, probabilities clipped to [1e-15, 1 − 1e-15] (`log_loss`); see `logLoss`. */
  readonly logloss: number
  /** Binary: mean (p − y)²; multiclass: mean Σ_k (p_k − y_k)²; see `brierScore`. */
  readonly brier: number
  /**
   * ROC AUC (`roc_auc_score`); multiclass: the unweighted mean of one-vs-rest AUCs
   * (`multi_class='ovr', average='macro'`) over the classes whose AUC is defined. NaN when the labels
   * hold a single class (scikit-learn raises there).
   */
  readonly roc_auc: number
  /** Average precision (`average_precision_score`); multiclass: macro mean one-vs-rest, as `roc_auc`. */
  readonly pr_auc: number
  /** Binary only: precision, recall and F1 of class 1 (`average='binary'`). */
  readonly precision?: number
  readonly recall?: number
  readonly f1?: number
  /** Means over the classes present in labels or predictions (`average='macro'`), 0 for 0/0. */
  readonly macro_precision: number
  readonly macro_recall: number
  readonly macro_f1: number
  /** Means weighted by each class's support (`average='weighted'`). */
  readonly weighted_precision: number
  readonly weighted_recall: number
  readonly weighted_f1: number
  /** `confusion[true][predicted]`, rows (or weight) per cell (`confusion_matrix`). */
  readonly confusion: number[][]
  /** Precision, recall, F1 and support of each class, in class-index order. */
  readonly per_class: ClassScores[]
}

/** Options of `classificationMetrics`. */
export interface ClassificationOptions extends WeightOptions {
  /** Binary decision threshold on p(1): class 1 when p(1) > threshold. Default 0.5; ignored for K > 2. */
  readonly threshold?: number
}

/**
 * Every classification metric of row-major [N, K] `probabilities` (`classes` = K >= 2; binary models
 * give [N, 2] = [1 − p, p]) against class-index `labels` (0..K−1). Predicted classes come from
 * `predictClasses` (argmax; binary p(1) > threshold). Ranking metrics sort each class's scores once:
 * O(K · N log N). Throws `INVALID_PARAMETER_VALUE` on empty input, a label outside 0..K−1, a shape
 * mismatch, non-finite probabilities or bad weights.
 *
 * @example
 * const m = classificationMetrics(labels, probabilities, 2)
 * tracker.logMetrics(flattenMetrics(m, 'valid_'))
 */
export function classificationMetrics(
  labels: Float64Array,
  probabilities: Scores,
  classes: number,
  options: ClassificationOptions = {},
): ClassificationMetrics {
  const weights = checkClassifierInputs(labels, probabilities, classes, options)
  const confusion = confusionMatrix(
    labels,
    predictClasses(probabilities, classes, options.threshold ?? DEFAULT_THRESHOLD),
    classes,
    options,
  )
  const scores = classScores(confusion)
  const binary = classes === 2 ? scores.perClass[1]! : undefined
  return {
    accuracy: accuracy(confusion),
    logloss: logLoss(labels, probabilities, classes, options),
    brier: brierScore(labels, probabilities, classes, options),
    ...rankingAreas(labels, probabilities, classes, weights),
    ...(binary && { precision: binary.precision, recall: binary.recall, f1: binary.f1 }),
    macro_precision: scores.macro.precision,
    macro_recall: scores.macro.recall,
    macro_f1: scores.macro.f1,
    weighted_precision: scores.weighted.precision,
    weighted_recall: scores.weighted.recall,
    weighted_f1: scores.weighted.f1,
    confusion,
    per_class: scores.perClass,
  }
}

function accuracy(confusion: readonly (readonly number[])[]): number {
  let right = 0
  let total = 0
  confusion.forEach((row, k) => {
    right += row[k]!
    for (const cell of row) total += cell
  })
  return right / total
}

/** ROC AUC and average precision: of class 1 when binary, else macro one-vs-rest. */
function rankingAreas(
  labels: Float64Array,
  probabilities: Scores,
  classes: number,
  weights: Float64Array | undefined,
): { roc_auc: number; pr_auc: number } {
  if (classes === 2) {
    const counts = thresholdCounts(labels, 1, probabilities, weights, 1, 2)
    return { roc_auc: areaUnderRoc(counts), pr_auc: areaUnderPrecisionRecall(counts) }
  }
  const roc: number[] = []
  const pr: number[] = []
  for (let k = 0; k < classes; k++) {
    const counts = thresholdCounts(labels, k, probabilities, weights, k, classes)
    roc.push(areaUnderRoc(counts))
    pr.push(areaUnderPrecisionRecall(counts))
  }
  return { roc_auc: meanOfDefined(roc), pr_auc: meanOfDefined(pr) }
}

/**
 * The mean of the non-NaN values, NaN if none: a class absent from validation data has no
 * one-vs-rest AUC, and leaving it out keeps the others' average meaningful.
 */
function meanOfDefined(values: readonly number[]): number {
  const defined = values.filter((v) => !Number.isNaN(v))
  return defined.length === 0 ? Number.NaN : defined.reduce((a, b) => a + b, 0) / defined.length
}
