import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { TrainingMatrix } from '../training-data.js'
import type { LinearParams } from './linear-model.js'

const OBJECTIVES: readonly string[] = ['regression', 'logistic', 'softmax']
const SOLVERS: readonly string[] = ['auto', 'closed_form', 'lbfgs']

/**
 * Refuses parameters and data a linear model cannot train on, with `INVALID_PARAMETER_VALUE` naming
 * the field and the valid range: every parameter; the matrix shape; labels (logistic 0/1, softmax
 * 0..K-1, regression finite); weights (finite, ≥ 0, not all 0); and features, which must be finite:
 * the error names the feature and the row of the first NaN or ±Infinity. `valid`, when given, must
 * have the same features.
 */
export function checkLinearInputs(params: LinearParams, train: TrainingMatrix, valid?: TrainingMatrix): void {
  checkParams(params)
  checkMatrix(train, params, 'train')
  if (valid === undefined) return
  if (valid.features.names.length !== train.features.names.length) {
    throw invalidValue(
      'valid.features',
      `has ${valid.features.names.length} features, the training matrix ${train.features.names.length}`,
    )
  }
  checkMatrix(valid, params, 'valid')
}

function checkParams(p: LinearParams): void {
  if (!OBJECTIVES.includes(p.objective)) {
    throw invalidValue('objective', `must be one of ${OBJECTIVES.join(', ')}, got '${String(p.objective)}'`)
  }
  if (
    p.objective === 'softmax' ? !(Number.isInteger(p.numClasses) && p.numClasses >= 3) : p.numClasses !== 1
  ) {
    const range = p.objective === 'softmax' ? 'an integer ≥ 3 for softmax' : `1 for ${p.objective}`
    throw invalidValue('numClasses', `must be ${range}, got ${String(p.numClasses)}`)
  }
  for (const field of ['l2', 'l1'] as const) {
    if (!(Number.isFinite(p[field]) && p[field] >= 0)) {
      throw invalidValue(field, `must be a finite number ≥ 0, got ${String(p[field])}`)
    }
  }
  if (!SOLVERS.includes(p.solver)) {
    throw invalidValue('solver', `must be one of ${SOLVERS.join(', ')}, got '${String(p.solver)}'`)
  }
  if (p.solver === 'closed_form' && (p.objective !== 'regression' || p.l1 > 0)) {
    throw invalidValue('solver', "'closed_form' solves ridge regression only (objective regression, l1 0)")
  }
  if (!(Number.isInteger(p.maxIterations) && p.maxIterations >= 1)) {
    throw invalidValue('maxIterations', `must be an integer ≥ 1, got ${String(p.maxIterations)}`)
  }
  if (!(Number.isFinite(p.tolerance) && p.tolerance >= 0)) {
    throw invalidValue('tolerance', `must be a finite number ≥ 0, got ${String(p.tolerance)}`)
  }
  if (typeof p.fitIntercept !== 'boolean') {
    throw invalidValue('fitIntercept', `must be true or false, got ${String(p.fitIntercept)}`)
  }
}

function checkMatrix(data: TrainingMatrix, params: LinearParams, field: string): void {
  const { features, labels, weights } = data
  const rows = features.rowCount
  if (!(rows >= 1) || features.values.length !== rows * features.names.length) {
    throw invalidValue(
      `${field}.features`,
      `must hold rowCount × ${features.names.length} values with rowCount ≥ 1, got ${features.values.length} values for ${rows} rows`,
    )
  }
  if (labels.length !== rows) {
    throw invalidValue(`${field}.labels`, `must have one label per row (${rows}), got ${labels.length}`)
  }
  checkLabels(labels, params, field)
  if (weights !== undefined) checkWeights(weights, rows, field)
  checkFiniteFeatures(data, field)
}

function checkLabels(labels: Float64Array, params: LinearParams, field: string): void {
  const classes = params.objective === 'logistic' ? 2 : params.numClasses
  for (let row = 0; row < labels.length; row++) {
    const y = labels[row]!
    const ok =
      params.objective === 'regression' ? Number.isFinite(y) : Number.isInteger(y) && y >= 0 && y < classes
    if (!ok) {
      const range = params.objective === 'regression' ? 'a finite number' : `a class index 0..${classes - 1}`
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `${field}.labels: row ${row} is ${y}, must be ${range}`,
        {
          details: { field: `${field}.labels`, row },
        },
      )
    }
  }
}

function checkWeights(weights: Float64Array, rows: number, field: string): void {
  if (weights.length !== rows) {
    throw invalidValue(`${field}.weights`, `must have one weight per row (${rows}), got ${weights.length}`)
  }
  let total = 0
  for (let row = 0; row < rows; row++) {
    const w = weights[row]!
    if (!(Number.isFinite(w) && w >= 0)) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `${field}.weights: row ${row} is ${w}, must be a finite number ≥ 0`,
        { details: { field: `${field}.weights`, row } },
      )
    }
    total += w
  }
  if (!(total > 0)) throw invalidValue(`${field}.weights`, 'must not all be 0')
}

function checkFiniteFeatures({ features }: TrainingMatrix, field: string): void {
  const values = features.values
  const width = features.names.length
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    // v − v is NaN exactly for NaN and ±Infinity: one cheap test per value on the fast path.
    if (v - v === 0) continue
    const row = Math.floor(i / width)
    const feature = features.names[i % width]!
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${field}.features: feature '${feature}' is ${v} in row ${row}; linear models need finite features ` +
        '(impute missing values and clip infinities in the feature pipeline)',
      { details: { field: `${field}.features`, feature, row } },
    )
  }
}
