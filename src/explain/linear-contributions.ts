import type { FeatureMatrix } from '../features/index.js'
import type { LinearModel } from '../models/index.js'

/**
 * The exact attribution of a linear model's raw scores: the base value of output k is `intercepts[k]`
 * and feature f contributes `coefficients[k * F + f] * x_f`, so base + Σ_f φ_f is the raw score
 * `predictLinearRaw` computes (the same products, summed in the same order). A NaN feature gives a NaN
 * contribution, as it gives a NaN score.
 *
 * Writes φ into `out`, row-major [rows, outputs, features] (`out[(row * outputs + k) * F + f]`).
 */
export function linearContributions(model: LinearModel, features: FeatureMatrix, out: Float64Array): void {
  const width = model.featureNames.length
  const outputs = model.outputs
  const values = features.values
  const coefficients = model.coefficients
  for (let row = 0; row < features.rowCount; row++) {
    for (let k = 0; k < outputs; k++) {
      const at = (row * outputs + k) * width
      for (let f = 0; f < width; f++) out[at + f] = coefficients[k * width + f]! * values[row * width + f]!
    }
  }
}
