import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../../data/index.js'
import { fitPipeline, transform } from '../pipeline.js'
import { parseStepSpec } from '../pipeline-spec.js'
import { frameOf, numeric, valuesOf } from '../testing/frames.js'
import { standardScaleStep } from './standard-scale-step.js'

const fit = (values: number[], options = {}) =>
  standardScaleStep.fit(
    { type: 'standard_scale', columns: ['x'], ...options },
    frameOf(numeric('x', values)),
    {
      seed: 0,
    },
  )

describe('standard_scale step', () => {
  it('fits mean and population std on the finite values and maps x to (x - mean) / std', () => {
    const fitted = fit([1, 2, 3, Number.NaN, Infinity])
    assert.deepEqual(fitted.means, [2])
    assert.equal(fitted.scales[0], Math.sqrt(2 / 3))
    const out = standardScaleStep.transform(fitted, frameOf(numeric('x', [2, 3, Number.NaN, -Infinity])))
    assert.deepEqual(valuesOf(out, 'x'), [0, 1 / Math.sqrt(2 / 3), Number.NaN, -Infinity])
  })

  it('uses scale 1 for a constant column and the identity for a column with no finite value', () => {
    const constant = fit([5, 5, 5])
    assert.deepEqual([constant.means, constant.scales], [[5], [1]])
    const empty = fit([Number.NaN, Infinity])
    assert.deepEqual([empty.means, empty.scales], [[0], [1]])
  })

  it('honours withMean and withStd false', () => {
    const fitted = fit([1, 2, 9], { withMean: false, withStd: false })
    assert.deepEqual([fitted.means, fitted.scales], [[0], [1]])
  })

  it('reads booleans as 1/0 with NaN for missing, and refuses a categorical column naming step and column', () => {
    const data = Dataset.fromColumns([
      { name: 'b', type: 'boolean', values: Int8Array.from([1, 0, -1, 1]) },
      { name: 'c', type: 'categorical', codes: Int32Array.from([0, 0, 1, -1]), dictionary: ['a', 'b'] },
    ])
    const fitted = fitPipeline({ steps: [{ type: 'standard_scale', columns: ['b'] }], output: ['b'] }, data)
    const matrix = transform(fitted, data)
    assert.ok(Number.isNaN(matrix.values[2]))
    assert.ok(matrix.values[0]! > 0 && matrix.values[1]! < 0)
    assert.throws(
      () => fitPipeline({ steps: [{ type: 'standard_scale', columns: ['c'] }], output: ['b'] }, data),
      /steps\[0\] \(standard_scale\): column 'c' is categorical; standard_scale needs a numeric or boolean column/,
    )
  })

  it('parses its spec with defaults and rejects bad fields by name', () => {
    assert.deepEqual(parseStepSpec({ type: 'standard_scale', columns: ['x'] }), {
      type: 'standard_scale',
      columns: ['x'],
      withMean: true,
      withStd: true,
    })
    assert.throws(
      () => parseStepSpec({ type: 'standard_scale', columns: ['x'], withMean: 'no' }),
      /step\.withMean: must be true or false, got "no"/,
    )
  })
})
