import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseStepSpec } from '../pipeline-spec.js'
import { frameOf, numeric, valuesOf } from '../testing/frames.js'
import { robustScaleStep } from './robust-scale-step.js'

const fit = (values: number[], options = {}) =>
  robustScaleStep.fit({ type: 'robust_scale', columns: ['x'], ...options }, frameOf(numeric('x', values)), {
    seed: 0,
  })

describe('robust_scale step', () => {
  it('centers on the median and scales by the interpolated interquartile range of the finite values', () => {
    // Sorted finite values 1..5 and 100: median 3.5, q25 = 2.25, q75 = 4.75 (numpy's linear rule).
    const fitted = fit([5, 1, 100, 3, Number.NaN, 2, 4, -Infinity])
    assert.deepEqual(fitted.centers, [3.5])
    assert.deepEqual(fitted.scales, [2.5])
    const out = robustScaleStep.transform(fitted, frameOf(numeric('x', [3.5, 6, Number.NaN, Infinity])))
    assert.deepEqual(valuesOf(out, 'x'), [0, 1, Number.NaN, Infinity])
  })

  it('takes another quantile range, and falls back to scale 1 and center 0 where it must', () => {
    assert.deepEqual(fit([0, 10, 20, 30, 40], { quantileRange: [0, 100] }).scales, [40])
    const constant = fit([2, 2, 2, 2])
    assert.deepEqual([constant.centers, constant.scales], [[2], [1]])
    const empty = fit([Number.NaN])
    assert.deepEqual([empty.centers, empty.scales], [[0], [1]])
    const off = fit([1, 2, 3, 10], { withCentering: false, withScaling: false })
    assert.deepEqual([off.centers, off.scales], [[0], [1]])
  })

  it('validates quantileRange', () => {
    assert.throws(
      () => parseStepSpec({ type: 'robust_scale', columns: ['x'], quantileRange: [75, 25] }, 'steps[1]'),
      /steps\[1\]\.quantileRange: low must be below high, got \[75, 25\]/,
    )
    assert.throws(
      () => parseStepSpec({ type: 'robust_scale', columns: ['x'], quantileRange: [0, 101] }),
      /step\.quantileRange\[1\]: must be at most 100, got 101/,
    )
  })
})
