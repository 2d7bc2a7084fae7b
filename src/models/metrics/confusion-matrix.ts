import { invalidValue } from '../../shared/index.js'
import {
  checkClasses,
  checkClassLabels,
  checkLength,
  checkRows,
  checkWeights,
  type Scores,
  type WeightOptions,
} from './metric-inputs.js'

/** Default decision threshold of a binary classifier on the positive-class probability. */
export const DEFAULT_THRESHOLD = 0.5

/**
 * The class each row is predicted as, from row-major [N, K] `probabilities` (`classes` = K):
 * the first class of highest probability (numpy's `argmax`, as ONNX's ArgMax and the `predict` of
 * scikit-learn and LightGBM). When K = 2 a row is class 1 when p(1) > `threshold` (default 0.5, so a
 * tie at 0.5 is class 0 as under argmax); `threshold` must lie in [0, 1] and is ignored when K > 2.
 */
export function predictClasses(
  probabilities: Scores,
  classes: number,
  threshold = DEFAULT_THRESHOLD,
): Float64Array {
  if (!(threshold >= 0 && threshold <= 1)) {
    throw invalidValue('threshold', `must be in [0, 1], got ${String(threshold)}`)
  }
  const rows = Math.floor(probabilities.length / classes)
  const predicted = new Float64Array(rows)
  for (let row = 0; row < rows; row++) {
    const offset = row * classes
    if (classes === 2) {
      predicted[row] = probabilities[offset + 1]! > threshold ? 1 : 0
      continue
    }
    let best = 0
    for (let k = 1; k < classes; k++) if (probabilities[offset + k]! > probabilities[offset + best]!) best = k
    predicted[row] = best
  }
  return predicted
}

/** Column `k` of row-major [N, `classes`] probabilities, e.g. the positive class of a binary model. */
export function probabilityColumn(probabilities: Scores, classes: number, k: number): Float64Array {
  const rows = Math.floor(probabilities.length / classes)
  const column = new Float64Array(rows)
  for (let row = 0; row < rows; row++) column[row] = probabilities[row * classes + k]!
  return column
}

/**
 * The K×K confusion matrix: `matrix[true][predicted]` = number of rows (or sum of their weights),
 * as scikit-learn's `confusion_matrix` with `labels = 0..K-1`. Labels and predictions are class
 * indices in [0, classes).
 */
export function confusionMatrix(
  labels: Float64Array,
  predicted: Float64Array,
  classes: number,
  options: WeightOptions = {},
): number[][] {
  const rows = checkRows(labels)
  checkClasses(classes)
  checkClassLabels(labels, classes)
  checkLength('predicted', predicted, rows)
  checkClassLabels(predicted, classes, 'predicted')
  checkWeights(options.weights, rows)
  const cells = new Float64Array(classes * classes)
  const weights = options.weights
  for (let i = 0; i < rows; i++)
    cells[labels[i]! * classes + predicted[i]!]! += weights === undefined ? 1 : weights[i]!
  return Array.from({ length: classes }, (_, k) => Array.from(cells.subarray(k * classes, (k + 1) * classes)))
}
