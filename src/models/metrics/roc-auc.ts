import { DEFAULT_CURVE_POINTS, downsampleCurve, pick } from './downsample-curve.js'
import {
  type BinaryOptions,
  checkLength,
  checkNotNaN,
  checkRows,
  checkWeights,
  type Scores,
} from './metric-inputs.js'
import { type ThresholdCounts, thresholdCounts } from './threshold-counts.js'

/**
 * Area under the ROC curve of `scores` (higher = more likely positive) against `labels === positive`
 * (default class 1), as scikit-learn's `roc_auc_score`: tied scores form one trapezoid, i.e. a tied
 * positive-negative pair counts one half (the Mann-Whitney U statistic). NaN when the labels hold
 * one class only (the area is undefined there; scikit-learn raises). O(N log N).
 * Throws `INVALID_PARAMETER_VALUE` on empty input, mismatched lengths, NaN scores or bad weights.
 *
 * @example rocAuc(Float64Array.from([0, 0, 1, 1]), Float64Array.from([0.1, 0.4, 0.35, 0.8])) // 0.75
 */
export function rocAuc(labels: Float64Array, scores: Scores, options: BinaryOptions = {}): number {
  return areaUnderRoc(binaryCounts(labels, scores, options))
}

/** The area from counts (see `rocAuc`); NaN without positives or negatives. */
export function areaUnderRoc(counts: ThresholdCounts): number {
  const { truePositives: tps, falsePositives: fps } = counts
  const last = tps.length - 1
  const positives = tps[last]!
  const negatives = fps[last]!
  if (!(positives > 0 && negatives > 0)) return Number.NaN
  // Twice the trapezoids, halved once at the end: on unweighted counts every term is an integer,
  // so the sum is exact up to 2^53.
  let twiceArea = fps[0]! * tps[0]!
  for (let t = 1; t <= last; t++) twiceArea += (fps[t]! - fps[t - 1]!) * (tps[t]! + tps[t - 1]!)
  return twiceArea / 2 / (positives * negatives)
}

/** A ROC curve for a chart: points in order of descending threshold, from (0, 0) to (1, 1). */
export interface RocCurve {
  readonly fpr: number[]
  readonly tpr: number[]
  /** Score threshold of each point (score >= threshold is predicted positive); the first is Infinity. */
  readonly thresholds: number[]
}

/**
 * The ROC curve of `scores` against `labels === positive`, one point per distinct score plus the
 * origin (threshold Infinity, as scikit-learn >= 1.3's `roc_curve`), downsampled to at most
 * `maxPoints` (default 200) by `downsampleCurve`. Take the area from `rocAuc`, not from these
 * points. Without positives (or negatives) tpr (fpr) is NaN throughout.
 */
export function rocCurve(
  labels: Float64Array,
  scores: Scores,
  options: BinaryOptions & { readonly maxPoints?: number } = {},
): RocCurve {
  const { thresholds, truePositives: tps, falsePositives: fps } = binaryCounts(labels, scores, options)
  const m = thresholds.length
  const fpr = new Float64Array(m + 1)
  const tpr = new Float64Array(m + 1)
  const at = new Float64Array(m + 1)
  at[0] = Infinity
  for (let t = 0; t < m; t++) {
    fpr[t + 1] = fps[t]! / fps[m - 1]!
    tpr[t + 1] = tps[t]! / tps[m - 1]!
    at[t + 1] = thresholds[t]!
  }
  const kept = downsampleCurve(fpr, tpr, options.maxPoints ?? DEFAULT_CURVE_POINTS)
  return { fpr: pick(fpr, kept), tpr: pick(tpr, kept), thresholds: pick(at, kept) }
}

/** Checks the arguments of a binary ranking metric and counts positives per threshold. */
export function binaryCounts(labels: Float64Array, scores: Scores, options: BinaryOptions): ThresholdCounts {
  const rows = checkRows(labels)
  checkLength('scores', scores, rows)
  checkNotNaN('scores', scores)
  checkWeights(options.weights, rows)
  return thresholdCounts(labels, options.positive ?? 1, scores, options.weights)
}
