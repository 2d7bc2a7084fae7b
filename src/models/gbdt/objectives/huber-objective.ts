import type { Objective } from './objective.js'
import { weightedMean } from './objective.js'

/**
 * Huber loss with transition `delta`, as LightGBM: the gradient is the residual clipped to ±delta and
 * the hessian 1, so leaves take a clipped Newton step (no refit). Base score the weighted mean. Metric
 * `huber`: d²/2 within delta, delta(|d| - delta/2) beyond.
 */
export function huberObjective(delta: number): Objective {
  return {
    metric: 'huber',
    outputs: 1,
    labelError: (label) => (Number.isFinite(label) ? null : 'regression labels must be finite'),
    initScores: (labels, weights) => [weightedMean(labels, weights)],
    gradients(scores, labels, weights, gh, begin, end) {
      for (let r = begin; r < end; r++) {
        const w = weights === undefined ? 1 : weights[r]!
        const d = scores[r]! - labels[r]!
        gh[2 * r] = Math.min(delta, Math.max(-delta, d)) * w
        gh[2 * r + 1] = w
      }
    },
    lossSum(scores, labels, weights, begin, end) {
      let sum = 0
      for (let r = begin; r < end; r++) {
        const a = Math.abs(scores[r]! - labels[r]!)
        const loss = a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta)
        sum += weights === undefined ? loss : weights[r]! * loss
      }
      return sum
    },
    metricValue: (lossSum, weightSum) => lossSum / weightSum,
  }
}
