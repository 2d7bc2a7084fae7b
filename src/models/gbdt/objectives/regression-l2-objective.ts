import type { Objective } from './objective.js'
import { weightedMean } from './objective.js'

/** Squared error: gradient score - y, hessian 1; base score the weighted mean; metric rmse. */
export function regressionL2Objective(): Objective {
  return {
    metric: 'rmse',
    outputs: 1,
    labelError: (label) => (Number.isFinite(label) ? null : 'regression labels must be finite'),
    initScores: (labels, weights) => [weightedMean(labels, weights)],
    gradients(scores, labels, weights, gh, begin, end) {
      for (let r = begin; r < end; r++) {
        const w = weights === undefined ? 1 : weights[r]!
        gh[2 * r] = (scores[r]! - labels[r]!) * w
        gh[2 * r + 1] = w
      }
    },
    lossSum(scores, labels, weights, begin, end) {
      let sum = 0
      for (let r = begin; r < end; r++) {
        const d = scores[r]! - labels[r]!
        sum += weights === undefined ? d * d : weights[r]! * d * d
      }
      return sum
    },
    metricValue: (lossSum, weightSum) => Math.sqrt(lossSum / weightSum),
  }
}
