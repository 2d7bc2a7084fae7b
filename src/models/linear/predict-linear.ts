import type { FeatureMatrix } from '../../features/index.js'
import { invalidValue } from '../../shared/index.js'
import type { LinearModel } from './linear-model.js'

/**
 * Raw scores of every row: row-major [rows, model.outputs] (`scores[row * outputs + k]`), the intercept
 * plus Σ coefficient · feature, summed in double. Apply sigmoid (logistic) or softmax to get
 * probabilities; a regression's score is its prediction. `features` must have the model's features in
 * order (`INVALID_PARAMETER_VALUE` when the count differs); a NaN feature gives a NaN score.
 */
export function predictLinearRaw(model: LinearModel, features: FeatureMatrix): Float64Array {
  const width = model.featureNames.length
  if (features.names.length !== width) {
    throw invalidValue('features', `the model takes ${width} features, got ${features.names.length}`)
  }
  const outputs = model.outputs
  const coefficients = Float64Array.from(model.coefficients)
  const values = features.values
  const scores = new Float64Array(features.rowCount * outputs)
  for (let row = 0, offset = 0; row < features.rowCount; row++, offset += width) {
    for (let k = 0, base = 0; k < outputs; k++, base += width) {
      let z = model.intercepts[k]!
      for (let f = 0; f < width; f++) z += coefficients[base + f]! * values[offset + f]!
      scores[row * outputs + k] = z
    }
  }
  return scores
}
