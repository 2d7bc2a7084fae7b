import type { Scores } from './metric-inputs.js'
import { radixOrder } from './radix-order.js'

/**
 * The (weighted) positives and negatives scoring at or above each distinct score: scikit-learn's
 * `_binary_clf_curve`, from which ROC and precision-recall curves and their areas follow. Entry `t`
 * counts the rows with score >= `thresholds[t]`; thresholds are distinct and descending, so the last
 * entry holds the totals.
 */
export interface ThresholdCounts {
  readonly thresholds: Float64Array
  readonly truePositives: Float64Array
  readonly falsePositives: Float64Array
}

/**
 * Counts rows per distinct score. A row is positive when `labels[row] === positive`; its score is
 * `scores[row * stride + column]` (stride and column read one class of a row-major [N, K] matrix
 * without copying it). Scores must not be NaN (the caller checks). O(N) after the radix sort of
 * `radixOrder`; ties are grouped exactly (-0 and 0 are one score).
 */
export function thresholdCounts(
  labels: Float64Array,
  positive: number,
  scores: Scores,
  weights?: Float64Array,
  column = 0,
  stride = 1,
): ThresholdCounts {
  const rows = labels.length
  const { order, hi, lo } = radixOrder(scores, rows, column, stride)
  const thresholds = new Float64Array(rows)
  const tps = new Float64Array(rows)
  const fps = new Float64Array(rows)
  let m = 0
  let tp = 0
  let fp = 0
  for (let i = rows - 1; i >= 0; i--) {
    const row = order[i]!
    const w = weights === undefined ? 1 : weights[row]!
    if (labels[row] === positive) tp += w
    else fp += w
    // The last row of a run of tied scores closes one threshold.
    if (i === 0 || hi[i] !== hi[i - 1] || lo[i] !== lo[i - 1]) {
      thresholds[m] = scores[row * stride + column]! + 0
      tps[m] = tp
      fps[m] = fp
      m++
    }
  }
  return {
    thresholds: thresholds.subarray(0, m),
    truePositives: tps.subarray(0, m),
    falsePositives: fps.subarray(0, m),
  }
}
