import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { confusionMatrix, predictClasses, probabilityColumn } from './confusion-matrix.js'

describe('predictClasses', () => {
  it('takes the first class of highest probability, and p(1) > threshold when binary', () => {
    const three = Float64Array.from([0.2, 0.4, 0.4, 0.5, 0.3, 0.2, 0.1, 0.1, 0.8])
    assert.deepEqual(Array.from(predictClasses(three, 3)), [1, 0, 2])
    const two = Float32Array.from([0.5, 0.5, 0.4, 0.6, 0.8, 0.2])
    assert.deepEqual(Array.from(predictClasses(two, 2)), [0, 1, 0])
    assert.deepEqual(Array.from(predictClasses(two, 2, 0.25)), [1, 1, 0])
  })
})

describe('probabilityColumn', () => {
  it('reads one class of a row-major matrix', () => {
    assert.deepEqual(Array.from(probabilityColumn(Float64Array.from([0.1, 0.9, 0.7, 0.3]), 2, 1)), [0.9, 0.3])
  })
})

describe('confusionMatrix', () => {
  it('counts rows (or weights) by true class and predicted class', () => {
    const labels = Float64Array.from([0, 1, 2, 2])
    const predicted = Float64Array.from([0, 2, 2, 1])
    assert.deepEqual(confusionMatrix(labels, predicted, 3, { weights: Float64Array.from([1, 2, 3, 4]) }), [
      [1, 0, 0],
      [0, 0, 2],
      [0, 4, 3],
    ])
    assert.throws(
      () => confusionMatrix(labels, Float64Array.from([0, 0, 0, 3]), 3),
      /predicted: must be class indices/,
    )
  })
})
