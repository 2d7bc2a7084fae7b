import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseStepSpec } from '../pipeline-spec.js'
import { frameOf, numeric, valuesOf } from '../testing/frames.js'
import { minMaxScaleStep } from './min-max-scale-step.js'

const fit = (values: number[], options = {}) =>
  minMaxScaleStep.fit({ type: 'min_max_scale', columns: ['x'], ...options }, frameOf(numeric('x', values)), {
    seed: 0,
  })
const apply = (fitted: ReturnType<typeof fit>, values: number[]) =>
  valuesOf(minMaxScaleStep.transform(fitted, frameOf(numeric('x', values))), 'x')

describe('min_max_scale step', () => {
  it('maps the finite training min and max onto [0, 1], ignoring NaN and ±Infinity', () => {
    const fitted = fit([2, 6, Number.NaN, Infinity, -Infinity, 4])
    assert.deepEqual(apply(fitted, [2, 4, 6, 10, Number.NaN, Infinity]), [0, 0.5, 1, 2, Number.NaN, Infinity])
  })

  it('maps onto another range and clips into it when asked, NaN staying NaN', () => {
    const fitted = fit([0, 10], { range: [-1, 1], clip: true })
    assert.deepEqual(apply(fitted, [0, 5, 10, 20, -Infinity, Number.NaN]), [-1, 0, 1, 1, -1, Number.NaN])
  })

  it('shifts a constant column to the low end and leaves a column with no finite value alone', () => {
    assert.deepEqual(apply(fit([3, 3]), [3, 4]), [0, 1])
    assert.deepEqual(apply(fit([Number.NaN]), [3, Number.NaN]), [3, Number.NaN])
  })

  it('validates range and clip', () => {
    assert.throws(
      () => parseStepSpec({ type: 'min_max_scale', columns: ['x'], range: [1] }),
      /step\.range: must be a pair \[low, high\], got \[1\]/,
    )
    assert.throws(
      () => parseStepSpec({ type: 'min_max_scale', columns: ['x'], clip: 1 }),
      /step\.clip: must be true or false, got 1/,
    )
  })
})
