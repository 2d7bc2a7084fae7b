import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { LinearModel } from './linear-model.js'
import { predictLinearRaw } from './predict-linear.js'
import { LINEAR_DEFAULTS } from './train-linear.js'

const model: LinearModel = {
  format: 'shipyard.linear',
  version: 1,
  objective: 'softmax',
  outputs: 3,
  featureNames: ['a', 'b'],
  coefficients: [1, 2, -1, 0, 0.5, 0.5],
  intercepts: [0, 1, -2],
  iterations: 1,
  converged: true,
  params: { ...LINEAR_DEFAULTS, objective: 'softmax', numClasses: 3 },
}

describe('predictLinearRaw', () => {
  it('computes intercept + coefficients · features per output, row-major [rows, K]', () => {
    const features = { names: ['a', 'b'], rowCount: 2, values: Float32Array.of(1, 2, -3, 0.5) }
    assert.deepEqual(Array.from(predictLinearRaw(model, features)), [5, 0, -0.5, -2, 4, -3.25])
  })

  it('refuses a matrix with a different number of features', () => {
    const features = { names: ['a'], rowCount: 1, values: Float32Array.of(1) }
    assert.throws(() => predictLinearRaw(model, features), /features: the model takes 2 features, got 1/)
  })
})
