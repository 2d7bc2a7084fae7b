import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixedAxis, niceTicks, numericAxis, plotArea } from './plot-axes.js'

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10^k without float noise', () => {
    assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1])
    assert.deepEqual(niceTicks(0.13, 0.71), [0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
    assert.deepEqual(niceTicks(-3, 1234, 4), [0, 500, 1000])
    assert.deepEqual(niceTicks(5, 5), [5])
    assert.deepEqual(niceTicks(0, Number.NaN), [])
  })
})

describe('numericAxis', () => {
  it('covers the finite values of every series, widened to round ticks', () => {
    const axis = numericAxis('loss', [
      [0.23, Number.NaN, 0.61],
      Float64Array.of(Number.POSITIVE_INFINITY, 0.4),
    ])
    assert.deepEqual([axis.min, axis.max, axis.ticks], [0.2, 0.7, [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]])
  })

  it('keeps integer ticks, includes zero on request, and survives degenerate input', () => {
    assert.deepEqual(numericAxis('iteration', [[0, 1, 2]], { integer: true }).ticks, [0, 1, 2])
    assert.equal(numericAxis('count', [[40, 90]], { includeZero: true }).min, 0)
    assert.deepEqual(numericAxis('x', [[Number.NaN]]), fixedAxis('x', 0, 1))
    const single = numericAxis('x', [[3]])
    assert.ok(single.min < 3 && single.max > 3)
  })
})

describe('plotArea', () => {
  it('maps the domain onto the area, y growing upwards', () => {
    const area = plotArea(fixedAxis('x', 0, 1), fixedAxis('y', 10, 20), 300)
    assert.deepEqual([area.x(0), area.x(1)], [area.left, area.right])
    assert.deepEqual([area.y(10), area.y(20)], [area.bottom, area.top])
  })
})
