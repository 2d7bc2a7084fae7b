/** Linear models as data: plain JSON, saved with every model version and compiled to ONNX. No I/O. */

/** The loss a linear model minimises. */
export type LinearObjective = 'regression' | 'logistic' | 'softmax'

/**
 * A trained linear model over F features and K outputs (K = 1 for regression and binary logistic).
 * Raw score k = `intercepts[k]` + Σ_f `coefficients[k * F + f]` · x_f. Logistic: probability of class
 * 1 = sigmoid(raw 0). Softmax: probabilities = softmax(raw). Regression: the prediction is raw 0.
 */
export interface LinearModel {
  readonly format: 'shipyard.linear'
  readonly version: 1
  readonly objective: LinearObjective
  readonly outputs: number
  readonly featureNames: readonly string[]
  /** Row-major [K, F]. */
  readonly coefficients: readonly number[]
  readonly intercepts: readonly number[]
  /** Optimiser iterations run, and whether the tolerance was met before `maxIterations`. */
  readonly iterations: number
  readonly converged: boolean
  readonly params: LinearParams
}

/** Linear-model parameters. Every field has a default (`LINEAR_DEFAULTS`). */
export interface LinearParams {
  readonly objective: LinearObjective
  /** Classes for `softmax` (≥ 3); 1 otherwise. */
  readonly numClasses: number
  /** L2 penalty strength λ2 (objective: mean loss + λ2/2 ‖w‖² + λ1 ‖w‖₁; intercepts never penalised). */
  readonly l2: number
  /** L1 penalty strength λ1; > 0 switches L-BFGS to OWL-QN. */
  readonly l1: number
  /** `auto`: closed form for ridge regression without L1, L-BFGS / OWL-QN otherwise. */
  readonly solver: 'auto' | 'closed_form' | 'lbfgs'
  readonly maxIterations: number
  /** Stop when the relative decrease of the objective falls below this. */
  readonly tolerance: number
  readonly fitIntercept: boolean
}
