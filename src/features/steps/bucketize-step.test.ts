import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseStepSpec } from '../pipeline-spec.js'
import { frameOf, numeric, valuesOf } from '../testing/frames.js'
import { bucketizeStep } from './bucketize-step.js'

const fit = (train: number[], buckets: number) =>
  bucketizeStep.fit({ type: 'bucketize', columns: ['x'], buckets }, frameOf(numeric('x', train)), { seed: 0 })

describe('bucketize step', () => {
  it('fits quantile edges and counts the edges at or below each value; NaN stays NaN', () => {
    const fitted = fit([1, 2, 3, 4, 5, 6, 7, 8, Number.NaN, Infinity], 4)
    assert.deepEqual(fitted.edges, [[2.75, 4.5, 6.25]])
    const out = bucketizeStep.transform(
      fitted,
      frameOf(numeric('x', [-Infinity, 1, 2.75, 4.5, 6, 6.25, 99, Infinity, Number.NaN])),
    )
    assert.deepEqual(valuesOf(out, 'x'), [0, 0, 1, 2, 2, 3, 3, 3, Number.NaN])
  })

  it('drops duplicate edges under heavy ties, and has no edge without finite training values', () => {
    assert.deepEqual(fit([0, 0, 0, 0, 0, 0, 1, 2], 4).edges, [[0, 0.25]])
    const empty = fit([Number.NaN], 4)
    assert.deepEqual(empty.edges, [[]])
    assert.deepEqual(valuesOf(bucketizeStep.transform(empty, frameOf(numeric('x', [5, Number.NaN]))), 'x'), [
      0,
      Number.NaN,
    ])
  })

  it('validates buckets', () => {
    assert.throws(
      () => parseStepSpec({ type: 'bucketize', columns: ['x'], buckets: 1 }, 'steps[3]'),
      /steps\[3\]\.buckets: must be at least 2, got 1/,
    )
    assert.throws(
      () => parseStepSpec({ type: 'bucketize', columns: ['x'], buckets: 2.5 }),
      /must be an integer/,
    )
    assert.equal(parseStepSpec({ type: 'bucketize', columns: ['x'] }).type, 'bucketize')
  })
})
