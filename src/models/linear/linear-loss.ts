import type { TrainingMatrix } from '../training-data.js'
import type { LinearObjective } from './linear-model.js'

/**
 * One row's loss from its raw scores (`outputs` of them) and label. Replaces the scores with the
 * derivatives of the loss with respect to them, and returns the loss.
 */
type RowLoss = (scores: Float64Array, outputs: number, label: number) => number

/** Losses per row: squared error ½(ŷ − y)², binary log loss, multinomial log loss. */
const ROW_LOSSES: Readonly<Record<LinearObjective, RowLoss>> = {
  regression: (scores, _outputs, label) => {
    const residual = scores[0]! - label
    scores[0] = residual
    return 0.5 * residual * residual
  },
  logistic: (scores, _outputs, label) => {
    const z = scores[0]!
    // log(1 + e^z) − y·z, and σ(z) − y, both without overflow for large |z|.
    const e = Math.exp(-Math.abs(z))
    scores[0] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - label
    return Math.max(z, 0) + Math.log1p(e) - label * z
  },
  softmax: (scores, outputs, label) => {
    let max = scores[0]!
    for (let k = 1; k < outputs; k++) max = Math.max(max, scores[k]!)
    const labelScore = scores[label]!
    let sum = 0
    for (let k = 0; k < outputs; k++) {
      const e = Math.exp(scores[k]! - max)
      scores[k] = e
      sum += e
    }
    for (let k = 0; k < outputs; k++) scores[k]! /= sum
    scores[label]! -= 1
    return max + Math.log(sum) - labelScore
  },
}

/** The metric each objective reports per iteration, by name, from the weighted mean loss. */
export const LINEAR_METRICS: Readonly<
  Record<LinearObjective, { name: string; of: (loss: number) => number }>
> = {
  regression: { name: 'rmse', of: (loss) => Math.sqrt(2 * loss) },
  logistic: { name: 'logloss', of: (loss) => loss },
  softmax: { name: 'multi_logloss', of: (loss) => loss },
}

/**
 * The data part of a linear model's objective: the weighted mean loss over a training matrix and its
 * gradient, in one pass over the rows with no per-row allocation. Parameters θ are the coefficients
 * (row-major [K, F], as in `LinearModel`) followed by the K intercepts when `fitIntercept` (intercepts
 * are 0 otherwise). Features must be finite (the trainer checks); labels are class indices or values.
 */
export class LinearLoss {
  readonly dimension: number
  readonly #data: TrainingMatrix
  readonly #rowLoss: RowLoss
  readonly #outputs: number
  readonly #fitIntercept: boolean
  readonly #totalWeight: number
  readonly #scores: Float64Array

  constructor(data: TrainingMatrix, objective: LinearObjective, outputs: number, fitIntercept: boolean) {
    this.#data = data
    this.#rowLoss = ROW_LOSSES[objective]
    this.#outputs = outputs
    this.#fitIntercept = fitIntercept
    this.dimension = outputs * data.features.names.length + (fitIntercept ? outputs : 0)
    this.#totalWeight = data.weights ? data.weights.reduce((a, b) => a + b, 0) : data.features.rowCount
    this.#scores = new Float64Array(outputs)
  }

  /** The weighted mean loss at `theta`; writes its gradient into `gradient` unless null. */
  evaluate(theta: Float64Array, gradient: Float64Array | null): number {
    const { features, labels, weights } = this.#data
    const values = features.values
    const width = features.names.length
    const outputs = this.#outputs
    const interceptAt = this.#fitIntercept ? outputs * width : -1
    const scores = this.#scores
    const rowLoss = this.#rowLoss
    gradient?.fill(0)
    let total = 0
    for (let row = 0, offset = 0; row < features.rowCount; row++, offset += width) {
      for (let k = 0, base = 0; k < outputs; k++, base += width) {
        let z = interceptAt < 0 ? 0 : theta[interceptAt + k]!
        for (let f = 0; f < width; f++) z += theta[base + f]! * values[offset + f]!
        scores[k] = z
      }
      const weight = weights ? weights[row]! : 1
      total += weight * rowLoss(scores, outputs, labels[row]!)
      if (gradient === null) continue
      for (let k = 0, base = 0; k < outputs; k++, base += width) {
        const g = weight * scores[k]!
        if (g === 0) continue
        if (interceptAt >= 0) gradient[interceptAt + k]! += g
        for (let f = 0; f < width; f++) gradient[base + f]! += g * values[offset + f]!
      }
    }
    const inverse = 1 / this.#totalWeight
    if (gradient !== null) for (let i = 0; i < gradient.length; i++) gradient[i]! *= inverse
    return total * inverse
  }
}
