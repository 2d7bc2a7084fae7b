import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertNear, binnedSample } from '../testing/drift-fixtures.js'
import { chiSquareGoodnessOfFit, chiSquareTest } from './chi-square.js'

describe('chi-square', () => {
  it("matches scipy's chisquare documentation examples", () => {
    // chisquare([16, 18, 16, 14, 12, 12]) → (2.0, 0.8491450360846096): uniform expectation.
    const uniform = chiSquareGoodnessOfFit(
      [16, 18, 16, 14, 12, 12],
      [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6],
    )
    assertNear(uniform.statistic, 2, 1e-12)
    assertNear(uniform.pValue, 0.8491450360846096, 1e-12, true)
    assert.equal(uniform.df, 5)
    // chisquare([16, 18, 16, 14, 12, 12], f_exp=[16, 16, 16, 16, 16, 8]) → (3.5, 0.6233876277495822).
    const given = chiSquareGoodnessOfFit(
      [16, 18, 16, 14, 12, 12],
      [16, 16, 16, 16, 16, 8].map((e) => e / 88),
    )
    assertNear(given.statistic, 3.5, 1e-12)
    assertNear(given.pValue, 0.6233876277495822, 1e-12, true)
  })

  it('leaves out bins empty on both sides, and has p 0 for values where none were expected', () => {
    const kept = chiSquareGoodnessOfFit(
      [16, 0, 18, 16, 14, 12, 12],
      [1 / 6, 0, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6],
    )
    assert.equal(kept.df, 5)
    assertNear(kept.pValue, 0.8491450360846096, 1e-12, true)
    assert.deepEqual(chiSquareGoodnessOfFit([5, 1], [1, 0]), {
      statistic: Number.POSITIVE_INFINITY,
      pValue: 0,
      df: 1,
    })
    assert.deepEqual(chiSquareGoodnessOfFit([7, 0], [1, 0]), { statistic: 0, pValue: 1, df: 0 })
  })

  it('tests the live counts against the reference shares and drifts when p < 0.05', () => {
    const reference = binnedSample([5000, 3000, 2000])
    const same = chiSquareTest.run(reference, binnedSample([52, 29, 19]), 0.05)
    assert.equal(same.drifted, false)
    const shifted = chiSquareTest.run(reference, binnedSample([30, 30, 40]), 0.05)
    // Expected 50, 30, 20: (20²/50 + 0 + 20²/20) = 28 on 2 degrees of freedom, p = e^(−14).
    assertNear(shifted.statistic, 28, 1e-12)
    assertNear(shifted.pValue!, Math.exp(-14), 1e-12, true)
    assert.equal(shifted.drifted, true)
  })
})
