import { invalidValue } from '../../shared/index.js'
import type { TrainerOptions, TrainingMatrix } from '../training-data.js'
import { checkLinearInputs } from './check-linear-inputs.js'
import { LINEAR_METRICS, LinearLoss } from './linear-loss.js'
import type { LinearModel, LinearParams } from './linear-model.js'
import { minimizeLbfgs } from './minimize-lbfgs.js'
import { solveRidge } from './solve-ridge.js'

/**
 * Default linear-model parameters. `l2` = 1e-4 is a light ridge on the mean loss (for n rows it
 * matches scikit-learn's `C` = 1 / (1e-4·n), i.e. C = 1 at 10 000 rows): enough to keep separable
 * classes and collinear one-hot columns from driving coefficients to infinity, small enough not to
 * bias a fit on standardised features noticeably.
 */
export const LINEAR_DEFAULTS: LinearParams = {
  objective: 'logistic',
  numClasses: 1,
  l2: 1e-4,
  l1: 0,
  solver: 'auto',
  maxIterations: 200,
  tolerance: 1e-7,
  fitIntercept: true,
}

interface Fit {
  readonly theta: Float64Array
  readonly iterations: number
  readonly converged: boolean
}

/**
 * Trains a linear model: minimises the weighted mean loss (½ squared error, binary or multinomial log
 * loss) + λ2/2 ‖w‖² + λ1 ‖w‖₁ over the coefficients w, intercepts unpenalised, with `train.weights` as
 * sample weights. Solvers: ridge regression (`l1` = 0) in closed form (`auto` or `closed_form`; `auto`
 * falls back to L-BFGS when the normal equations are singular); otherwise L-BFGS, or OWL-QN when
 * `l1` > 0 (elastic net when both penalties are set), from zero coefficients and the intercepts of the
 * label distribution. Labels: 0/1 for logistic, class indices for softmax (K = `numClasses` outputs).
 *
 * Features must be finite (the default linear pipeline imputes and scales): a NaN or ±Infinity is
 * `INVALID_PARAMETER_VALUE` naming the feature and the row; so are bad parameters, labels or weights.
 * `options.onIteration` gets one report per optimiser iteration (closed form: one report), with the
 * weighted `rmse`, `logloss` or `multi_logloss` on the training data and on `options.valid` if given.
 * Coefficients and intercepts are stored rounded to float32, the precision the ONNX graph computes in.
 * Deterministic: the same inputs give the same model.
 */
export function trainLinear(
  train: TrainingMatrix,
  params: LinearParams,
  options: TrainerOptions = {},
): LinearModel {
  checkLinearInputs(params, train, options.valid)
  const outputs = params.objective === 'softmax' ? params.numClasses : 1
  const closedForm =
    params.solver === 'closed_form' ||
    (params.solver === 'auto' && params.objective === 'regression' && params.l1 === 0)
  const fit =
    (closedForm ? fitClosedForm(train, params, options) : null) ??
    fitIteratively(train, params, options, outputs)
  const width = train.features.names.length
  const coefficients = Array.from(fit.theta.subarray(0, outputs * width), Math.fround)
  const intercepts = Array.from({ length: outputs }, (_, k) =>
    params.fitIntercept ? Math.fround(fit.theta[outputs * width + k]!) : 0,
  )
  return {
    format: 'shipyard.linear',
    version: 1,
    objective: params.objective,
    outputs,
    featureNames: [...train.features.names],
    coefficients,
    intercepts,
    iterations: fit.iterations,
    converged: fit.converged,
    params: { ...params },
  }
}

function fitClosedForm(train: TrainingMatrix, params: LinearParams, options: TrainerOptions): Fit | null {
  const solution = solveRidge(train, params.l2, params.fitIntercept)
  if (solution === null) {
    if (params.solver === 'auto') return null
    throw invalidValue(
      'solver',
      "'closed_form' found the normal equations singular (constant or collinear features with l2 = 0); set l2 > 0 or use 'lbfgs'",
    )
  }
  const theta = new Float64Array(solution.coefficients.length + (params.fitIntercept ? 1 : 0))
  theta.set(solution.coefficients)
  if (params.fitIntercept) theta[solution.coefficients.length] = solution.intercept
  if (options.onIteration) {
    const trainLoss = new LinearLoss(train, 'regression', 1, params.fitIntercept).evaluate(theta, null)
    reporter(params, options, 1)(0, theta, trainLoss)
  }
  return { theta, iterations: 1, converged: true }
}

function fitIteratively(
  train: TrainingMatrix,
  params: LinearParams,
  options: TrainerOptions,
  outputs: number,
): Fit {
  const loss = new LinearLoss(train, params.objective, outputs, params.fitIntercept)
  const penalized = outputs * train.features.names.length
  const l2 = params.l2
  const objective = (theta: Float64Array, gradient: Float64Array): number => {
    let squares = 0
    const value = loss.evaluate(theta, gradient)
    for (let i = 0; i < penalized; i++) {
      squares += theta[i]! * theta[i]!
      gradient[i]! += l2 * theta[i]!
    }
    return value + 0.5 * l2 * squares
  }
  const theta0 = new Float64Array(loss.dimension)
  if (params.fitIntercept) theta0.set(initialIntercepts(train, params, outputs), penalized)
  const report = options.onIteration ? reporter(params, options, outputs) : undefined
  const result = minimizeLbfgs(objective, theta0, {
    l1: params.l1,
    penalized,
    maxIterations: params.maxIterations,
    tolerance: params.tolerance,
    // The objective value less the penalties is the mean training loss: no extra pass over the rows.
    ...(report
      ? {
          onIteration: (iteration: number, x: Float64Array, value: number) =>
            report(iteration, x, value - penaltyOf(x, penalized, params)),
        }
      : {}),
  })
  return { theta: result.x, iterations: result.iterations, converged: result.converged }
}

// The intercepts that fit the label distribution alone: a good start, far closer than 0 for rare classes.
function initialIntercepts(train: TrainingMatrix, params: LinearParams, outputs: number): Float64Array {
  const { labels, weights } = train
  const sums = new Float64Array(outputs)
  let total = 0
  for (let row = 0; row < labels.length; row++) {
    const w = weights ? weights[row]! : 1
    total += w
    if (params.objective === 'softmax') sums[labels[row]!]! += w
    else sums[0]! += w * labels[row]!
  }
  // Clamped away from 0 and 1 so that a class absent from the data starts finite.
  const share = (s: number) => Math.min(Math.max(s / total, 1e-12), 1 - 1e-12)
  switch (params.objective) {
    case 'regression':
      return Float64Array.of(sums[0]! / total)
    case 'logistic':
      return Float64Array.of(Math.log(share(sums[0]!) / (1 - share(sums[0]!))))
    case 'softmax':
      return sums.map((s) => Math.log(share(s)))
  }
}

// Reports one iteration: the training metric from the mean training loss, the validation metric if any.
function reporter(params: LinearParams, options: TrainerOptions, outputs: number) {
  const metric = LINEAR_METRICS[params.objective]
  const validLoss = options.valid
    ? new LinearLoss(options.valid, params.objective, outputs, params.fitIntercept)
    : null
  return (iteration: number, theta: Float64Array, trainLoss: number): void => {
    const train = { [metric.name]: metric.of(trainLoss) }
    options.onIteration?.(
      validLoss
        ? { iteration, train, valid: { [metric.name]: metric.of(validLoss.evaluate(theta, null)) } }
        : { iteration, train },
    )
  }
}

// λ2/2 ‖w‖² + λ1 ‖w‖₁ over the first `penalized` entries of θ.
function penaltyOf(theta: Float64Array, penalized: number, params: LinearParams): number {
  let squares = 0
  let absolutes = 0
  for (let i = 0; i < penalized; i++) {
    squares += theta[i]! * theta[i]!
    absolutes += Math.abs(theta[i]!)
  }
  return 0.5 * params.l2 * squares + params.l1 * absolutes
}
