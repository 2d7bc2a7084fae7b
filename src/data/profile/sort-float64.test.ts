import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { SortScratch, sortFinite } from './sort-float64.js'

/** Seeded uniform draws in [0, 1), from the project's portable generator. */
function generator(seed: number): () => number {
  const random = new Random(seed)
  return () => random.nextFloat()
}

function assertSortedLikeNative(values: Float64Array): void {
  const expected = Array.from(values).sort(
    (a, b) => a - b || (Object.is(a, -0) ? -1 : Object.is(b, -0) ? 1 : 0),
  )
  const actual = sortFinite(values.slice(), new SortScratch())
  assert.equal(actual.length, expected.length)
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`index ${i}: ${actual[i]} != ${expected[i]}`)
  }
}

describe('sortFinite', () => {
  const rnd = generator(7)
  const n = 20_000 // above the radix threshold

  it('sorts mixed-sign values of many magnitudes like a numeric sort', () => {
    assertSortedLikeNative(
      Float64Array.from({ length: n }, () => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20)),
    )
  })

  it('handles -0 before 0, subnormals, extremes and duplicates', () => {
    const special = [
      0,
      -0,
      5e-324,
      -5e-324,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      2.2250738585072014e-308,
      1,
      -1,
    ]
    assertSortedLikeNative(Float64Array.from({ length: n }, (_, i) => special[i % special.length]!))
  })

  it('handles all-negative and all-positive inputs, and digits shared by every key (skipped passes)', () => {
    assertSortedLikeNative(Float64Array.from({ length: n }, () => -1 - rnd()))
    assertSortedLikeNative(Float64Array.from({ length: n }, () => 1 + rnd()))
    // Small integers: the low 32 bits are all zero, so two of the four passes are skipped.
    assertSortedLikeNative(Float64Array.from({ length: n }, () => Math.floor(rnd() * 100) - 50))
  })

  it('uses the native sort for short inputs, and sorts a subarray without touching what is around it', () => {
    assertSortedLikeNative(Float64Array.from([3, -1, 2, -0, 0]))
    const backing = Float64Array.from({ length: n + 10 }, () => rnd())
    const view = backing.subarray(5, n + 5)
    const before = backing.slice()
    const sorted = sortFinite(view, new SortScratch())
    assert.equal(sorted.length, n)
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1]! <= sorted[i]!)
    assert.deepEqual(Array.from(sorted).sort(), Array.from(before.subarray(5, n + 5)).sort())
    assert.deepEqual([backing[4], backing[n + 5]], [before[4], before[n + 5]])
  })

  it('finishes keys that share their top 33 bits: insertion sort, native sort and low-word radix groups', () => {
    // 1 + u 2^-22: every key in one group of 20,000 (radix sort on the low word), both signs.
    assertSortedLikeNative(
      Float64Array.from({ length: n }, () => (rnd() < 0.5 ? -1 : 1) * (1 + rnd() * 2 ** -22)),
    )
    // ~100 groups of ~200 (native sort, reversed for negatives), with exact duplicates inside.
    assertSortedLikeNative(
      Float64Array.from(
        { length: n },
        () => (Math.floor(rnd() * 100) - 50) * (1 + Math.floor(rnd() * 64) * 2 ** -40) + 0.5,
      ),
    )
    // Epoch milliseconds within one day: groups of ~2,000 values 1 ms apart.
    const start = Date.UTC(2024, 0, 1)
    assertSortedLikeNative(Float64Array.from({ length: n }, () => start + Math.floor(rnd() * 86_400_000)))
    // Groups of a few keys, all equal in the low word but one (insertion sort).
    assertSortedLikeNative(
      Float64Array.from({ length: n }, () => (rnd() - 0.5) * 2 ** (Math.floor(rnd() * 8) - 4)),
    )
  })
})
