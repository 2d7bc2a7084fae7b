import type { Objective } from './objective.js'

/**
 * Absolute error, as LightGBM: trees are grown on the sign of the residual (hessian 1), then each leaf
 * is refit to the weighted median of its rows' residuals (LightGBM's `RenewTreeOutput`), which is the
 * L1-optimal constant. Base score the weighted median of the labels; metric mae.
 */
export function regressionL1Objective(): Objective {
  return {
    metric: 'mae',
    outputs: 1,
    labelError: (label) => (Number.isFinite(label) ? null : 'regression labels must be finite'),
    initScores(labels, weights) {
      const all = Int32Array.from({ length: labels.length }, (_, i) => i)
      return [weightedMedian(all, 0, labels.length, (r) => labels[r]!, weights)]
    },
    gradients(scores, labels, weights, gh, begin, end) {
      for (let r = begin; r < end; r++) {
        const w = weights === undefined ? 1 : weights[r]!
        const d = scores[r]! - labels[r]!
        gh[2 * r] = (d > 0 ? 1 : d < 0 ? -1 : 0) * w
        gh[2 * r + 1] = w
      }
    },
    lossSum(scores, labels, weights, begin, end) {
      let sum = 0
      for (let r = begin; r < end; r++) {
        const a = Math.abs(scores[r]! - labels[r]!)
        sum += weights === undefined ? a : weights[r]! * a
      }
      return sum
    },
    metricValue: (lossSum, weightSum) => lossSum / weightSum,
    renewLeaf: (order, begin, end, scores, labels, weights) =>
      weightedMedian(order, begin, end, (r) => labels[r]! - scores[r]!, weights),
  }
}

/**
 * The weighted median of `value(row)` over rows `order[begin..end)`: the smallest value whose cumulative
 * weight reaches half the total, averaged with the next one when it reaches exactly half (so the
 * unweighted median of an even count is the mean of the middle two).
 */
export function weightedMedian(
  order: Int32Array,
  begin: number,
  end: number,
  value: (row: number) => number,
  weights: Float64Array | undefined,
): number {
  const n = end - begin
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) values[i] = value(order[begin + i]!)
  const ranks = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b)
  const weightOf = (i: number) => (weights === undefined ? 1 : weights[order[begin + i]!]!)
  let total = 0
  for (let i = 0; i < n; i++) total += weightOf(i)
  let cumulative = 0
  for (let k = 0; k < n; k++) {
    const i = ranks[k]!
    cumulative += weightOf(i)
    if (cumulative > total / 2) return values[i]!
    if (cumulative === total / 2) return k + 1 < n ? (values[i]! + values[ranks[k + 1]!]!) / 2 : values[i]!
  }
  return n === 0 ? 0 : values[ranks[n - 1]!]!
}
