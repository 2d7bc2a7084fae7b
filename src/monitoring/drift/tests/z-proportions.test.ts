import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertNear, binnedSample } from '../testing/drift-fixtures.js'
import { proportionsZTest, zTest } from './z-proportions.js'

describe('Z-test for proportions', () => {
  it('matches the pooled two-sample formula (scipy: 2 · norm.sf(|z|))', () => {
    const { statistic, pValue } = proportionsZTest(0.3, 1000, 0.36, 400)
    assertNear(statistic, -2.179339210373378, 1e-12, true)
    assertNear(pValue, 0.02930647841810672, 1e-10, true)
  })

  it('is z 0, p 1 when both samples hold one value only', () => {
    assert.deepEqual(proportionsZTest(1, 50, 1, 20), { statistic: 0, pValue: 1 })
    assert.deepEqual(proportionsZTest(0, 50, 0, 20), { statistic: 0, pValue: 1 })
  })

  it('compares the share of the first bin either side uses', () => {
    // Bin 0 is empty on both sides, so bin 1 (30 % vs 36 %) is compared with the rest.
    const result = zTest.run(binnedSample([0, 300, 700]), binnedSample([0, 144, 256]), 0.05)
    assertNear(result.pValue!, 0.02930647841810672, 1e-10, true)
    assert.equal(result.drifted, true)
    assert.equal(zTest.run(binnedSample([0, 300, 700]), binnedSample([0, 122, 278]), 0.05).drifted, false)
  })
})
