import { DEFAULT_CURVE_POINTS, downsampleCurve, pick } from './downsample-curve.js'
import type { BinaryOptions, Scores } from './metric-inputs.js'
import { binaryCounts } from './roc-auc.js'
import type { ThresholdCounts } from './threshold-counts.js'

/**
 * Average precision of `scores` against `labels === positive` (default class 1), the area under the
 * precision-recall curve as scikit-learn's `average_precision_score` computes it: Σ (R_t − R_{t−1})·P_t
 * over descending distinct thresholds, a step function, not the trapezoid (which overestimates it).
 * Tied scores form one threshold. NaN when no row is positive (recall is undefined); 1 when every
 * row is. Throws `INVALID_PARAMETER_VALUE` on empty input, mismatched lengths, NaN scores or bad
 * weights.
 *
 * @example averagePrecision(Float64Array.from([0, 0, 1, 1]), Float64Array.from([0.1, 0.4, 0.35, 0.8])) // 0.8333…
 */
export function averagePrecision(labels: Float64Array, scores: Scores, options: BinaryOptions = {}): number {
  return areaUnderPrecisionRecall(binaryCounts(labels, scores, options))
}

/** Average precision from counts (see `averagePrecision`). */
export function areaUnderPrecisionRecall(counts: ThresholdCounts): number {
  const { truePositives: tps, falsePositives: fps } = counts
  const positives = tps[tps.length - 1]!
  if (!(positives > 0)) return Number.NaN
  let sum = 0
  let before = 0
  for (let t = 0; t < tps.length; t++) {
    const gained = tps[t]! - before
    // A threshold that gains no recall adds nothing, even where zero weights make precision 0/0.
    if (gained > 0) sum += (gained * tps[t]!) / (tps[t]! + fps[t]!)
    before = tps[t]!
  }
  return sum / positives
}

/** A precision-recall curve for a chart: points in order of descending threshold (ascending recall). */
export interface PrecisionRecallCurve {
  readonly precision: number[]
  readonly recall: number[]
  /** Score threshold of each point (score >= threshold is predicted positive); the first is Infinity. */
  readonly thresholds: number[]
}

/**
 * The precision-recall curve of `scores` against `labels === positive`: the anchor (recall 0,
 * precision 1, threshold Infinity) then one point per distinct score, descending (scikit-learn
 * 1.2's `precision_recall_curve` in reverse order), downsampled to at most
 * `maxPoints` (default 200). Take the area from `averagePrecision`. Without positives recall is NaN.
 */
export function precisionRecallCurve(
  labels: Float64Array,
  scores: Scores,
  options: BinaryOptions & { readonly maxPoints?: number } = {},
): PrecisionRecallCurve {
  const { thresholds, truePositives: tps, falsePositives: fps } = binaryCounts(labels, scores, options)
  const m = thresholds.length
  const positives = tps[m - 1]!
  const precision = new Float64Array(m + 1)
  const recall = new Float64Array(m + 1)
  const at = new Float64Array(m + 1)
  precision[0] = 1
  at[0] = Infinity
  for (let t = 0; t < m; t++) {
    const predicted = tps[t]! + fps[t]!
    precision[t + 1] = predicted > 0 ? tps[t]! / predicted : 0
    recall[t + 1] = tps[t]! / positives
    at[t + 1] = thresholds[t]!
  }
  const kept = downsampleCurve(recall, precision, options.maxPoints ?? DEFAULT_CURVE_POINTS)
  return { precision: pick(precision, kept), recall: pick(recall, kept), thresholds: pick(at, kept) }
}
