import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DriftSample } from '../drift-test.js'
import { assertNear } from '../testing/drift-fixtures.js'
import { kolmogorovSmirnov, ksTest } from './kolmogorov-smirnov.js'
import { kolmogorovSurvival } from './special-functions.js'

const A = Float64Array.from([
  0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09,
  -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47,
]).sort()
const B = Float64Array.from([
  2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52,
  -0.72,
]).sort()

const numbers = (sorted: Float64Array): DriftSample => ({
  count: sorted.length,
  counts: Float64Array.of(sorted.length),
  sorted,
  mean: Number.NaN,
  std: Number.NaN,
  unseen: 0,
})

describe('Kolmogorov-Smirnov', () => {
  it('has the statistic of scipy ks_2samp and the Stephens-corrected asymptotic p-value', () => {
    const { statistic, pValue } = kolmogorovSmirnov(A, B)
    // scipy 1.17: ks_2samp(A, B).statistic = 0.23; kstwobign.sf((√n + 0.12 + 0.11/√n) · 0.23) with n = 25·20/45.
    assertNear(statistic, 0.23, 1e-12)
    assertNear(pValue, 0.5411245537216747, 1e-10, true)
    // scipy's own asymptotic p (kstwo.sf(D, round(n))) is 0.5319: within a few percent.
    assertNear(pValue, 0.5318713439638902, 0.03, true)
  })

  it('steps through tied values in both samples together', () => {
    const { statistic, pValue } = kolmogorovSmirnov(
      Float64Array.of(1, 2, 2, 3, 3, 3),
      Float64Array.of(2, 3, 3, 4),
    )
    assertNear(statistic, 0.25, 1e-15) // scipy: 0.25
    const n = Math.sqrt(24 / 10)
    assertNear(pValue, kolmogorovSurvival((n + 0.12 + 0.11 / n) * 0.25), 1e-15)
    assert.deepEqual(kolmogorovSmirnov(A, A), { statistic: 0, pValue: 1 })
  })

  it('is NaN on an empty sample, which never drifts', () => {
    assert.ok(Number.isNaN(kolmogorovSmirnov(A, new Float64Array(0)).statistic))
    assert.equal(ksTest.run(numbers(A), numbers(new Float64Array(0)), 0.05).drifted, false)
  })

  it('drifts when p < 0.05, on the sorted samples', () => {
    assert.equal(ksTest.defaultThreshold, 0.05)
    const same = ksTest.run(numbers(A), numbers(B), 0.05)
    assert.deepEqual([same.drifted, same.threshold], [false, 0.05])
    const shifted = ksTest.run(numbers(A), numbers(B.map((v) => v + 2)), 0.05)
    assert.ok(shifted.pValue! < 0.001 && shifted.drifted)
  })
})
