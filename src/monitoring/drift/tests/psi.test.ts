import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertNear, binnedSample } from '../testing/drift-fixtures.js'
import { PSI_EPSILON, populationStabilityIndex, psiTest } from './psi.js'

describe('PSI', () => {
  it('is Σ (l − r) ln(l / r), checked by hand', () => {
    // (0.3−0.5)ln(0.6) + (0.3−0.3)ln(1) + (0.4−0.2)ln(2) = 0.102165 + 0 + 0.138629
    assertNear(populationStabilityIndex([0.5, 0.3, 0.2], [0.3, 0.3, 0.4]), 0.2407945608651872, 1e-15)
    assert.equal(populationStabilityIndex([0.25, 0.75], [0.25, 0.75]), 0)
  })

  it('counts an empty bin as PSI_EPSILON on either side', () => {
    const expected = (0.05 - PSI_EPSILON) * Math.log(0.05 / PSI_EPSILON) + (0.95 - 1) * Math.log(0.95)
    assertNear(populationStabilityIndex([0, 1], [0.05, 0.95]), expected, 1e-15)
    assert.ok(Number.isFinite(populationStabilityIndex([1, 0], [0, 1])))
  })

  it('drifts at 0.2 by default, on the bin counts of both sides', () => {
    const reference = binnedSample([500, 300, 200])
    assert.equal(psiTest.defaultThreshold, 0.2)
    const shifted = psiTest.run(reference, binnedSample([30, 30, 40]), 0.2)
    assertNear(shifted.statistic, 0.2407945608651872, 1e-12)
    assert.deepEqual([shifted.drifted, shifted.pValue, shifted.threshold], [true, null, 0.2])
    assert.equal(psiTest.run(reference, binnedSample([50, 30, 20]), 0.2).drifted, false)
  })
})
