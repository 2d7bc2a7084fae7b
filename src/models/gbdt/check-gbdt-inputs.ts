import { invalidValue } from '../../shared/index.js'
import type { TrainingMatrix } from '../training-data.js'
import type { GbdtParams } from './gbdt-model.js'
import type { Objective } from './objectives/objective.js'

/**
 * Refuses data a booster cannot learn from, with `INVALID_PARAMETER_VALUE` naming the field and row:
 * inconsistent shapes, labels the objective cannot take (NaN included), non-positive or non-finite
 * weights, fewer rows than `minDataInLeaf`, bad categorical indices, a validation set of another width.
 * Parameter ranges are the parameter layer's job; only their consistency with the data is checked here.
 */
export function checkGbdtInputs(
  train: TrainingMatrix,
  params: GbdtParams,
  objective: Objective,
  categoricalFeatures: readonly number[],
  valid: TrainingMatrix | undefined,
): void {
  if (params.objective === 'multiclass' ? params.numClasses < 2 : params.numClasses !== 1) {
    throw invalidValue('numClasses', `must be >= 2 for multiclass and 1 otherwise, got ${params.numClasses}`)
  }
  const width = train.features.names.length
  if (width === 0) throw invalidValue('features', 'needs at least one feature')
  checkMatrix('train', train, objective)
  if (train.features.rowCount < params.minDataInLeaf) {
    throw invalidValue(
      'train',
      `has ${train.features.rowCount} rows, fewer than minDataInLeaf (${params.minDataInLeaf})`,
    )
  }
  const seen = new Set<number>()
  for (const f of categoricalFeatures) {
    if (!Number.isInteger(f) || f < 0 || f >= width || seen.has(f)) {
      throw invalidValue(
        'categoricalFeatures',
        `must be distinct feature indices in 0..${width - 1}, got ${f}`,
      )
    }
    seen.add(f)
  }
  if (valid === undefined) return
  if (valid.features.names.length !== width) {
    throw invalidValue('valid', `has ${valid.features.names.length} features, training has ${width}`)
  }
  checkMatrix('valid', valid, objective)
}

function checkMatrix(field: string, data: TrainingMatrix, objective: Objective): void {
  const { rowCount, names, values } = data.features
  if (rowCount < 1) throw invalidValue(field, 'needs at least one row')
  if (values.length !== rowCount * names.length) {
    throw invalidValue(
      field,
      `features hold ${values.length} values, expected rows × features = ${rowCount * names.length}`,
    )
  }
  if (data.labels.length !== rowCount) {
    throw invalidValue(`${field}.labels`, `has ${data.labels.length} labels for ${rowCount} rows`)
  }
  for (let r = 0; r < rowCount; r++) {
    const error = objective.labelError(data.labels[r]!)
    if (error !== null) throw invalidValue(`${field}.labels`, `${error}; row ${r} has ${data.labels[r]}`)
  }
  const weights = data.weights
  if (weights === undefined) return
  if (weights.length !== rowCount) {
    throw invalidValue(`${field}.weights`, `has ${weights.length} weights for ${rowCount} rows`)
  }
  for (let r = 0; r < rowCount; r++) {
    const w = weights[r]!
    if (!(w > 0 && w < Number.POSITIVE_INFINITY)) {
      throw invalidValue(`${field}.weights`, `must be finite and > 0; row ${r} has ${w}`)
    }
  }
}
