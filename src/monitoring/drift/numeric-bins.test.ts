import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { binNumbers, binOf, searchableCuts } from './numeric-bins.js'
import { assertNear } from './testing/drift-fixtures.js'

describe('numeric bins', () => {
  it('binOf counts the cuts ≤ v for every number of cuts, infinities included', () => {
    const probes = [
      Number.NEGATIVE_INFINITY,
      -1,
      0,
      0.5,
      1,
      2.5,
      7,
      8,
      14.5,
      15,
      16,
      1e300,
      Number.POSITIVE_INFINITY,
    ]
    for (let c = 0; c <= 17; c++) {
      const cuts = Array.from({ length: c }, (_, k) => k)
      const padded = searchableCuts(cuts)
      for (const v of probes)
        assert.equal(binOf(padded, v), cuts.filter((x) => x <= v).length, `${c} cuts, v=${v}`)
    }
  })

  it('binNumbers counts NaN as missing, ±Infinity in the outer bins, and the finite moments', () => {
    const values = Float64Array.of(
      Number.NaN,
      -5,
      1,
      2,
      2,
      3,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    )
    const binned = binNumbers(values, [1, 3], 2)
    assert.equal(binned.missing, 1)
    assert.deepEqual(Array.from(binned.counts), [2, 3, 2])
    assert.equal(binned.finite, 5)
    assertNear(binned.mean, 0.6, 1e-15)
    // Population variance of −5, 1, 2, 2, 3: mean 0.6, Σd² = 31.36 + 0.16 + 1.96 + 1.96 + 5.76 = 41.2, /5.
    assertNear(binned.std, Math.sqrt(8.24), 1e-12)
  })

  it('has NaN moments without finite values', () => {
    const binned = binNumbers(Float64Array.of(Number.NaN, Number.POSITIVE_INFINITY), [], 0)
    assert.deepEqual(Array.from(binned.counts), [1])
    assert.ok(Number.isNaN(binned.mean) && Number.isNaN(binned.std))
  })
})
