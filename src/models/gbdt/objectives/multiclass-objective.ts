import type { Objective } from './objective.js'

/** Keeps the log prior of an absent class finite. */
const EPSILON = 1e-15

/**
 * Softmax cross-entropy over `classes` outputs, labels 0..K-1; one tree per class per round. Gradient
 * p_k - [y = k]; hessian K/(K-1) · p_k(1 - p_k), LightGBM's scaling. Base scores are the log class
 * priors (weighted), so the first trees fit deviations from the class frequencies.
 */
export function multiclassObjective(classes: number): Objective {
  return {
    metric: 'multi_logloss',
    outputs: classes,
    labelError: (label) =>
      Number.isInteger(label) && label >= 0 && label < classes
        ? null
        : `multiclass labels must be class indices 0..${classes - 1}`,
    initScores(labels, weights) {
      const priors = new Array<number>(classes).fill(0)
      let total = 0
      for (let r = 0; r < labels.length; r++) {
        const w = weights === undefined ? 1 : weights[r]!
        priors[labels[r]!]! += w
        total += w
      }
      return priors.map((p) => Math.log(Math.max(EPSILON, p / total)))
    },
    gradients(scores, labels, weights, gh, begin, end) {
      const rows = labels.length
      const factor = classes / (classes - 1)
      for (let r = begin; r < end; r++) {
        const at = r * classes
        let max = scores[at]!
        for (let k = 1; k < classes; k++) max = Math.max(max, scores[at + k]!)
        let sum = 0
        for (let k = 0; k < classes; k++) sum += Math.exp(scores[at + k]! - max)
        const w = weights === undefined ? 1 : weights[r]!
        const y = labels[r]!
        for (let k = 0; k < classes; k++) {
          const p = Math.exp(scores[at + k]! - max) / sum
          const g = 2 * (k * rows + r)
          gh[g] = (p - (k === y ? 1 : 0)) * w
          gh[g + 1] = factor * p * (1 - p) * w
        }
      }
    },
    lossSum(scores, labels, weights, begin, end) {
      let total = 0
      for (let r = begin; r < end; r++) {
        const at = r * classes
        let max = scores[at]!
        for (let k = 1; k < classes; k++) max = Math.max(max, scores[at + k]!)
        let sum = 0
        for (let k = 0; k < classes; k++) sum += Math.exp(scores[at + k]! - max)
        const loss = max + Math.log(sum) - scores[at + labels[r]!]!
        total += weights === undefined ? loss : weights[r]! * loss
      }
      return total
    },
    metricValue: (lossSum, weightSum) => lossSum / weightSum,
  }
}
