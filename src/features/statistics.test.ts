import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../shared/index.js'
import { finiteMoments, finiteQuantiles, quantileOfSorted, sortedFinite } from './statistics.js'

describe('statistics', () => {
  it('interpolates quantiles linearly between closest ranks (numpy default), over finite values only', () => {
    const values = Float64Array.from([4, Number.NaN, 1, 3, Infinity, 2, -Infinity])
    const sorted = sortedFinite(values)
    assert.deepEqual(Array.from(sorted), [1, 2, 3, 4])
    assert.deepEqual(
      [0, 0.25, 0.5, 1].map((q) => quantileOfSorted(sorted, q)),
      [1, 1.75, 2.5, 4],
    )
    assert.deepEqual(finiteQuantiles(values, [0, 0.25, 0.5, 1]), [1, 1.75, 2.5, 4])
    assert.deepEqual(finiteQuantiles(Float64Array.from([Number.NaN]), [0.5]), [Number.NaN])
  })

  it('selects exactly the quantiles a full sort gives, on random data with heavy ties', () => {
    const rng = new Random(3)
    for (const n of [1, 2, 7, 100, 5001]) {
      const values = Float64Array.from({ length: n }, () =>
        rng.nextFloat() < 0.5 ? rng.nextInt(5) : rng.nextFloat(),
      )
      const qs = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1]
      const sorted = sortedFinite(values)
      assert.deepEqual(
        finiteQuantiles(values, qs),
        qs.map((q) => quantileOfSorted(sorted, q)),
        `n = ${n}`,
      )
    }
  })

  it('computes mean and population std of the finite values', () => {
    assert.deepEqual(finiteMoments(Float64Array.from([1, 3, Number.NaN, Infinity])), {
      count: 2,
      mean: 2,
      std: 1,
    })
    assert.equal(finiteMoments(Float64Array.from([Number.NaN])).count, 0)
  })
})
