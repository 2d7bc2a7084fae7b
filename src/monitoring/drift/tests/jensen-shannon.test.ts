import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { assertNear, binnedSample } from '../testing/drift-fixtures.js'
import { jensenShannonDistance, jensenShannonTest } from './jensen-shannon.js'

describe('Jensen-Shannon distance', () => {
  it('matches scipy jensenshannon(p, q, base=2)', () => {
    assertNear(jensenShannonDistance([1, 0, 0], [0, 1, 0]), 1, 1e-12) // scipy docs: disjoint is 1
    assertNear(jensenShannonDistance([1, 0], [0.5, 0.5]), 0.5579230452841438, 1e-12)
    assertNear(jensenShannonDistance([0.5, 0.3, 0.2], [0.3, 0.3, 0.4]), 0.20673086033214078, 1e-12)
    // Unnormalised input is normalised first, as scipy does.
    assertNear(jensenShannonDistance([10, 0, 5], [2, 3, 5]), 0.5076603091477455, 1e-12)
    assert.equal(jensenShannonDistance([0.2, 0.8], [0.2, 0.8]), 0)
  })

  it('drifts at ≥ 0.1 on the bin shares', () => {
    assert.equal(jensenShannonTest.defaultThreshold, 0.1)
    const moved = jensenShannonTest.run(binnedSample([500, 300, 200]), binnedSample([3000, 3000, 4000]), 0.1)
    assertNear(moved.statistic, 0.20673086033214078, 1e-12)
    assert.equal(moved.drifted, true)
    assert.equal(
      jensenShannonTest.run(binnedSample([500, 300, 200]), binnedSample([49, 31, 20]), 0.1).drifted,
      false,
    )
  })
})
