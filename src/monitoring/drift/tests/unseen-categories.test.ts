import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DriftSample } from '../drift-test.js'
import { unseenCategoriesTest } from './unseen-categories.js'

const live = (count: number, unseen: number): DriftSample => ({
  count,
  counts: Float64Array.of(count - unseen, unseen),
  sorted: new Float64Array(0),
  mean: Number.NaN,
  std: Number.NaN,
  unseen,
})

describe('unseen categories', () => {
  it('is the share of live values outside the reference categories, drifting at ≥ 0.05', () => {
    const reference = live(1000, 0)
    assert.deepEqual(unseenCategoriesTest.run(reference, live(200, 10), 0.05), {
      statistic: 0.05,
      pValue: null,
      drifted: true,
      threshold: 0.05,
    })
    assert.equal(unseenCategoriesTest.run(reference, live(200, 9), 0.05).drifted, false)
    assert.deepEqual(unseenCategoriesTest.kinds, ['categorical'])
  })
})
