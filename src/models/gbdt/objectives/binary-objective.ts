import type { Objective } from './objective.js'
import { weightedMean } from './objective.js'

/** Keeps the log-odds of an all-one-class base score finite (LightGBM's `kEpsilon`). */
const EPSILON = 1e-15

/**
 * Binary log loss on labels 0/1: probability = sigmoid(raw). Gradient p - y, hessian p(1 - p). The base
 * score is the log-odds of the weighted label mean (LightGBM's `boost_from_average`).
 */
export function binaryObjective(): Objective {
  return {
    metric: 'logloss',
    outputs: 1,
    labelError: (label) => (label === 0 || label === 1 ? null : 'binary labels must be 0 or 1'),
    initScores(labels, weights) {
      const p = Math.min(1 - EPSILON, Math.max(EPSILON, weightedMean(labels, weights)))
      return [Math.log(p / (1 - p))]
    },
    gradients(scores, labels, weights, gh, begin, end) {
      for (let r = begin; r < end; r++) {
        const p = 1 / (1 + Math.exp(-scores[r]!))
        const w = weights === undefined ? 1 : weights[r]!
        gh[2 * r] = (p - labels[r]!) * w
        gh[2 * r + 1] = p * (1 - p) * w
      }
    },
    lossSum(scores, labels, weights, begin, end) {
      let sum = 0
      for (let r = begin; r < end; r++) {
        const s = scores[r]!
        // -log(sigmoid(s)) for y = 1, -log(1 - sigmoid(s)) for y = 0, without overflow.
        const softplus = s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))
        const loss = softplus - labels[r]! * s
        sum += weights === undefined ? loss : weights[r]! * loss
      }
      return sum
    },
    metricValue: (lossSum, weightSum) => lossSum / weightSum,
  }
}
