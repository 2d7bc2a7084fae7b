import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from './errors.js'
import { Random } from './random.js'

// Golden values from an independent Python implementation of the same algorithm (xoshiro128** seeded
// by SplitMix32), whose core reproduces the published xoshiro128** vector for state {1,2,3,4}
// (11520, 0, 5927040, 70819200, 2031721883, ...). The stream is a persisted contract: recorded
// splits and folds replay from it, so these must never change.
const GOLDEN: ReadonlyArray<{ seed: number; u32: number[]; floats: number[]; ints: number[] }> = [
  {
    seed: 42,
    u32: [2239652894, 1968907866, 1432790869, 4050498535],
    floats: [0.5214598213018632, 0.3335976223877085],
    ints: [0, 0, 1, 5, 294, 3790659990, 1044760227],
  },
  {
    seed: 0,
    u32: [1311701456, 930055015, 2862257396, 2371781822],
    floats: [0.30540429217029585, 0.6664212312715014],
    ints: [0, 1, 2, 2, 487, 888025594, 2112187361],
  },
  {
    seed: -1,
    u32: [997823553, 1176185287, 2885795318, 1517748110],
    floats: [0.23232390190550667, 0.6719015788538625],
    ints: [0, 1, 2, 0, 535, 2804795444, 1608310180],
  },
  {
    seed: 2 ** 40 + 7,
    u32: [1575940576, 1769844094, 702450656, 1750610434],
    floats: [0.36692726174052004, 0.16355204140838797],
    ints: [0, 0, 2, 4, 125, 547411220, 109724999],
  },
]
const INT_BOUNDS = [1, 2, 3, 10, 1000, 2 ** 32, 2 ** 31 + 1]

function iota(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i)
}

describe('Random', () => {
  it('reproduces the golden streams (any machine, any engine)', () => {
    for (const g of GOLDEN) {
      const a = new Random(g.seed)
      assert.deepEqual([a.nextUint32(), a.nextUint32(), a.nextUint32(), a.nextUint32()], g.u32)
      const b = new Random(g.seed)
      assert.deepEqual([b.nextFloat(), b.nextFloat()], g.floats)
      const c = new Random(g.seed)
      assert.deepEqual(
        INT_BOUNDS.map((n) => c.nextInt(n)),
        g.ints,
      )
    }
    assert.deepEqual(Array.from(new Random(7).shuffleInPlace(iota(10))), [2, 3, 6, 8, 0, 9, 7, 1, 5, 4])
  })

  it('uses both halves of a seed above 2^32', () => {
    assert.notEqual(new Random(2 ** 40 + 7).nextUint32(), new Random(7).nextUint32())
  })

  it('rejects seeds that are not safe integers', () => {
    for (const seed of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      assert.throws(
        () => new Random(seed),
        (e: unknown) =>
          e instanceof ShipyardError && e.code === 'INVALID_PARAMETER_VALUE' && /seed/.test(e.message),
      )
    }
  })

  it('nextFloat stays in [0, 1) and is roughly uniform', () => {
    const rng = new Random(1)
    const bins = new Int32Array(10)
    for (let i = 0; i < 100_000; i++) {
      const x = rng.nextFloat()
      assert.ok(x >= 0 && x < 1)
      bins[Math.floor(x * 10)]!++
    }
    for (const count of bins) assert.ok(Math.abs(count - 10_000) < 500, `bin count ${count}`)
  })

  it('nextInt covers [0, n) evenly and rejects bad bounds', () => {
    const rng = new Random(2)
    const counts = new Int32Array(7)
    for (let i = 0; i < 70_000; i++) counts[rng.nextInt(7)]!++
    for (const count of counts) assert.ok(Math.abs(count - 10_000) < 500, `count ${count}`)
    for (const n of [0, -3, 2.5, 2 ** 32 + 1, Number.NaN]) {
      assert.throws(() => rng.nextInt(n), /n: must be an integer/)
    }
  })

  it('shuffleInPlace returns a permutation of its input, in place', () => {
    const a = iota(1000)
    const out = new Random(3).shuffleInPlace(a)
    assert.equal(out, a)
    assert.notDeepEqual(Array.from(a), Array.from(iota(1000)))
    assert.deepEqual(
      Array.from(a).sort((x, y) => x - y),
      Array.from(iota(1000)),
    )
    assert.deepEqual(Array.from(new Random(3).shuffleInPlace(new Int32Array(0))), [])
  })

  it('shuffles uniformly: every position is equally likely for each element', () => {
    const rng = new Random(4)
    const firstSlot = new Int32Array(4)
    for (let i = 0; i < 40_000; i++) firstSlot[rng.shuffleInPlace(iota(4))[0]!]!++
    for (const count of firstSlot) assert.ok(Math.abs(count - 10_000) < 500, `count ${count}`)
  })

  it('fork is stable, label-dependent and independent of the parent position', () => {
    const parent = new Random(42)
    const before = parent.fork('split').nextUint32()
    parent.nextUint32()
    parent.nextFloat()
    assert.equal(parent.fork('split').nextUint32(), before)
    assert.equal(before, 3928195285) // golden, from the Python reference
    assert.notEqual(parent.fork('folds').nextUint32(), before)
    assert.notEqual(new Random(43).fork('split').nextUint32(), before)
    // forking does not advance the parent
    const a = new Random(9)
    const b = new Random(9)
    a.fork('x')
    assert.equal(a.nextUint32(), b.nextUint32())
    const grandchild = new Random(42).fork('split').fork('fold-é')
    assert.deepEqual([grandchild.nextUint32(), grandchild.nextUint32()], [1377532160, 2173204370])
  })
})
