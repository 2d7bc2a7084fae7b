import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseStepSpec } from '../pipeline-spec.js'
import { frameOf, numeric, valuesOf } from '../testing/frames.js'
import { type ClipSpec, clipStep } from './clip-step.js'

const run = (spec: Omit<ClipSpec, 'type' | 'columns'>, train: number[], values: number[]) => {
  const fitted = clipStep.fit({ type: 'clip', columns: ['x'], ...spec }, frameOf(numeric('x', train)), {
    seed: 0,
  })
  return { fitted, out: valuesOf(clipStep.transform(fitted, frameOf(numeric('x', values))), 'x') }
}

describe('clip step', () => {
  it('clips to fixed bounds; NaN stays NaN and ±Infinity take the bound on their side', () => {
    const { out } = run({ min: 0, max: 10 }, [], [-5, 5, 15, Number.NaN, Infinity, -Infinity])
    assert.deepEqual(out, [0, 5, 10, Number.NaN, 10, 0])
  })

  it('clips one side only', () => {
    assert.deepEqual(run({ min: 0 }, [], [-1, 1e300, Infinity]).out, [0, 1e300, Infinity])
    assert.deepEqual(run({ max: 0 }, [], [-Infinity, 1]).out, [-Infinity, 0])
  })

  it('fits quantile bounds on the finite training values; none when there is no finite value', () => {
    const train = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Number.NaN, Infinity]
    const { fitted, out } = run({ quantiles: [0.1, 0.9] }, train, [-3, 0.5, 5, 12])
    assert.deepEqual([fitted.lowers, fitted.uppers, fitted.clipped], [[1], [9], [3]])
    assert.deepEqual(out, [1, 1, 5, 9])
    const empty = run({ quantiles: [0.1, 0.9] }, [Number.NaN], [-1e9, 1e9])
    assert.deepEqual([empty.fitted.lowers, empty.out], [[null], [-1e9, 1e9]])
  })

  it('validates its spec: bounds or quantiles, at least one bound, min not above max', () => {
    const bad: [unknown, RegExp][] = [
      [{ columns: ['x'] }, /steps\[0\]\.min: give 'min', 'max' or both, or 'quantiles'/],
      [{ columns: ['x'], min: 2, max: 1 }, /steps\[0\]\.max: must be at least min \(2\)/],
      [{ columns: ['x'], min: 0, quantiles: [0, 1] }, /steps\[0\]\.quantiles: cannot be combined/],
      [{ columns: ['x'], quantiles: [0.5, 2] }, /steps\[0\]\.quantiles\[1\]: must be at most 1, got 2/],
      [{ columns: ['x'], min: 'a' }, /steps\[0\]\.min: must be a finite number, got "a"/],
    ]
    for (const [fields, message] of bad) {
      assert.throws(() => parseStepSpec({ type: 'clip', ...(fields as object) }, 'steps[0]'), message)
    }
  })
})
