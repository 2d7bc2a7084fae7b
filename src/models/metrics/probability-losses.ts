import { checkClassifierInputs, type Scores, type WeightOptions } from './metric-inputs.js'

/**
 * How far log loss clips a probability from 0 and 1, so a confident mistake costs about 34.5 instead
 * of Infinity: scikit-learn's long-standing `log_loss` default (LightGBM uses the same bound).
 */
export const LOG_LOSS_EPSILON = 1e-15

/**
 * Cross-entropy of row-major [N, K] `probabilities` (`classes` = K) against class-index `labels`: the
 * (weighted) mean of −log p(true class), with p clipped to [1e-15, 1 − 1e-15], as scikit-learn's
 * `log_loss(eps=1e-15)` for rows that sum to 1 (scikit-learn also renormalises each clipped row,
 * which moves the result by about 1e-15 at most; scikit-learn >= 1.2 defaults to a dtype-dependent
 * eps). The same formula covers binary (K = 2) and multiclass.
 */
export function logLoss(
  labels: Float64Array,
  probabilities: Scores,
  classes: number,
  options: WeightOptions = {},
): number {
  const weights = checkClassifierInputs(labels, probabilities, classes, options)
  return weightedRowMean(labels.length, weights, (row) => {
    const p = probabilities[row * classes + labels[row]!]!
    return -Math.log(Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON))
  })
}

/**
 * Brier score, the (weighted) mean squared error of the probabilities. Binary (K = 2): mean of
 * (p(1) − y)², scikit-learn's `brier_score_loss`, in [0, 1]. Multiclass: mean over rows of
 * Σ_k (p_k − [y = k])², Brier's original definition, in [0, 2]; on binary data it would be twice the
 * binary score, which is why the two are not mixed.
 */
export function brierScore(
  labels: Float64Array,
  probabilities: Scores,
  classes: number,
  options: WeightOptions = {},
): number {
  const weights = checkClassifierInputs(labels, probabilities, classes, options)
  return weightedRowMean(labels.length, weights, (row) =>
    squaredError(probabilities, classes, row, labels[row]!),
  )
}

/** The (weighted) mean of `term(row)` over `rows` rows. */
function weightedRowMean(
  rows: number,
  weights: Float64Array | undefined,
  term: (row: number) => number,
): number {
  let sum = 0
  let total = 0
  for (let row = 0; row < rows; row++) {
    const w = weights === undefined ? 1 : weights[row]!
    sum += w * term(row)
    total += w
  }
  return sum / total
}

function squaredError(probabilities: Scores, classes: number, row: number, label: number): number {
  const offset = row * classes
  if (classes === 2) return (probabilities[offset + 1]! - label) ** 2
  let sum = 0
  for (let k = 0; k < classes; k++) sum += (probabilities[offset + k]! - (k === label ? 1 : 0)) ** 2
  return sum
}
