import { invalidValue } from '../../shared/index.js'
import { type BinaryOptions, checkLength, checkRows, checkWeights, type Scores } from './metric-inputs.js'

/** One bin of a reliability diagram. */
export interface CalibrationBin {
  /** The bin is (lower, upper], the first one [0, upper]. */
  readonly lower: number
  readonly upper: number
  /** (Weighted) mean predicted probability of the rows in the bin. */
  readonly meanPredicted: number
  /** (Weighted) fraction of those rows that are positive. */
  readonly fractionPositive: number
  /** Rows in the bin (not weighted). */
  readonly count: number
}

/**
 * The reliability diagram of positive-class probabilities `scores` (each in [0, 1]) against
 * `labels === positive` (default 1): `bins` (default 10, integer >= 1) uniform bins, as
 * scikit-learn's `calibration_curve(strategy='uniform')`, edges `i / bins` closed on the right, and
 * like it only the non-empty bins, in ascending order. A well-calibrated model has
 * `fractionPositive ≈ meanPredicted` in every bin.
 */
export function calibrationBins(
  labels: Float64Array,
  scores: Scores,
  options: BinaryOptions & { readonly bins?: number } = {},
): CalibrationBin[] {
  const bins = options.bins ?? 10
  if (!Number.isInteger(bins) || bins < 1)
    throw invalidValue('bins', `must be an integer >= 1, got ${String(bins)}`)
  const rows = checkRows(labels)
  checkLength('scores', scores, rows)
  checkWeights(options.weights, rows)
  const positive = options.positive ?? 1
  const weights = options.weights
  const count = new Float64Array(bins)
  const weight = new Float64Array(bins)
  const predicted = new Float64Array(bins)
  const positives = new Float64Array(bins)
  for (let i = 0; i < rows; i++) {
    const p = scores[i]!
    if (!(p >= 0 && p <= 1))
      throw invalidValue('scores', `must be probabilities in [0, 1], got ${p} at row ${i}`)
    const b = binOf(p, bins)
    const w = weights === undefined ? 1 : weights[i]!
    count[b]!++
    weight[b]! += w
    predicted[b]! += w * p
    if (labels[i] === positive) positives[b]! += w
  }
  const out: CalibrationBin[] = []
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue
    out.push({
      lower: edge(b, bins),
      upper: edge(b + 1, bins),
      meanPredicted: predicted[b]! / weight[b]!,
      fractionPositive: positives[b]! / weight[b]!,
      count: count[b]!,
    })
  }
  return out
}

/** Edge `i` of `bins` uniform bins, computed as numpy's `linspace(0, 1, bins + 1)` does. */
function edge(i: number, bins: number): number {
  return i === bins ? 1 : i * (1 / bins)
}

/**
 * The bin of `p`: how many inner edges lie strictly below it (numpy's `searchsorted`, side left).
 * The estimate from `p · bins` can be one off where an edge is not exactly representable, hence the
 * adjustment against the edges themselves.
 */
function binOf(p: number, bins: number): number {
  let b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1))
  while (b > 0 && !(edge(b, bins) < p)) b--
  while (b < bins - 1 && edge(b + 1, bins) < p) b++
  return b
}
