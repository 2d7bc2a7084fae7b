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

  it('selects the same quantiles as a full sort across signs, zeros, subnormals, infinities and bucket edges', () => {
    const rng = new Random(11)
    const pool = [0, -0, 5e-324, -5e-324, 1, -1, 1.0625, 1.0625 + 2 ** -52, -1.0625, 1e300, -1e300]
    const noZeroSign = (xs: number[]) => xs.map((v) => v + 0)
    for (const n of [2, 3, 4096, 20_001]) {
      const values = Float64Array.from({ length: n }, () => {
        const r = rng.nextFloat()
        if (r < 0.05) return Number.NaN
        if (r < 0.07) return r < 0.06 ? Infinity : -Infinity
        if (r < 0.5) return pool[rng.nextInt(pool.length)]!
        return (rng.nextFloat() - 0.5) * 10 ** rng.nextInt(8)
      })
      const qs = [0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1]
      const sorted = sortedFinite(values)
      assert.deepEqual(
        noZeroSign(finiteQuantiles(values, qs)),
        noZeroSign(qs.map((q) => quantileOfSorted(sorted, q))),
        `n = ${n}`,
      )
      // The float32 path copies the finite values instead of bucketing them: same rule, same answers.
      const narrow = Float32Array.from(values)
      const narrowSorted = sortedFinite(narrow)
      assert.deepEqual(
        noZeroSign(finiteQuantiles(narrow, qs)),
        noZeroSign(qs.map((q) => quantileOfSorted(narrowSorted, q))),
      )
    }
    assert.deepEqual(finiteQuantiles(Float64Array.from([Infinity, -Infinity, Number.NaN]), [0, 0.5]), [
      Number.NaN,
      Number.NaN,
    ])
    const input = Float64Array.from([3, Number.NaN, 1, 2])
    finiteQuantiles(input, [0.5])
    assert.deepEqual(Array.from(input), [3, Number.NaN, 1, 2], 'the input is left as it was')
  })
})
