import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DriftSample } from '../drift-test.js'
import { assertNear } from '../testing/drift-fixtures.js'
import { MIN_NORM, wassersteinDistance, wassersteinTest } from './wasserstein.js'

const numbers = (values: number[], std = Number.NaN): DriftSample => ({
  count: values.length,
  counts: Float64Array.of(values.length),
  sorted: Float64Array.from(values).sort(),
  mean: Number.NaN,
  std,
  unseen: 0,
})

describe('Wasserstein distance', () => {
  it('matches scipy wasserstein_distance', () => {
    assertNear(wassersteinDistance(Float64Array.of(0, 1, 3), Float64Array.of(5, 6, 8)), 5, 1e-12) // scipy docs
    // scipy 1.17 on samples of different sizes with ties.
    assertNear(
      wassersteinDistance(Float64Array.of(1, 2, 2, 3, 3, 3), Float64Array.of(2, 3, 3, 4)),
      0.6666666666666666,
      1e-12,
    )
    const a = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64]
    const b = [2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3]
    const expected = 0.7754545454545457 // scipy.stats.wasserstein_distance(a, b)
    assertNear(wassersteinDistance(numbers(a).sorted, numbers(b).sorted), expected, 1e-12)
    assert.equal(wassersteinDistance(Float64Array.of(1, 2), Float64Array.of(1, 2)), 0)
  })

  it('is normed by the reference std (at least MIN_NORM) and drifts at ≥ 0.1', () => {
    assert.equal(wassersteinTest.defaultThreshold, 0.1)
    const moved = wassersteinTest.run(numbers([0, 1, 3], 2), numbers([0.5, 1.5, 3.5]), 0.1)
    assertNear(moved.statistic, 0.25, 1e-12)
    assert.equal(moved.drifted, true)
    const constant = wassersteinTest.run(numbers([1, 1, 1], 0), numbers([1, 1, 1.003]), 0.1)
    assertNear(constant.statistic, 0.001 / MIN_NORM, 1e-9)
  })
})
