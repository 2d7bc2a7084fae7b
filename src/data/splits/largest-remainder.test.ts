import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { allocateTestRows } from './largest-remainder.js'

function allocate(sizes: number[], fraction: number, seed = 1): number[] {
  const total = sizes.reduce((a, b) => a + b, 0)
  return Array.from(
    allocateTestRows(Int32Array.from(sizes), fraction, Math.round(fraction * total), new Random(seed)),
  )
}

describe('allocateTestRows', () => {
  it('keeps every stratum within one row of its share and the total exact (property)', () => {
    const rng = new Random(5)
    for (let trial = 0; trial < 300; trial++) {
      const sizes = Array.from(
        { length: 1 + rng.nextInt(12) },
        () => 1 + rng.nextInt(rng.nextInt(2) ? 5 : 200),
      )
      const fraction = 0.01 + 0.98 * rng.nextFloat()
      const total = sizes.reduce((a, b) => a + b, 0)
      const got = allocate(sizes, fraction, trial)
      assert.equal(
        got.reduce((a, b) => a + b, 0),
        Math.round(fraction * total),
      )
      got.forEach((count, s) => {
        assert.ok(
          Math.abs(count - fraction * sizes[s]!) < 1,
          `stratum ${s}: ${count} of ${sizes[s]} at ${fraction}`,
        )
      })
    }
  })

  it('uses largest remainders for the leftover rows', () => {
    // shares 1.5, 3.3, 1.8: floors 1 + 3 + 1 = 5, target round(6.6) = 7; the remainders .8 and .5 win over .3
    assert.deepEqual(allocate([5, 11, 6], 0.3), [2, 3, 2])
  })

  it('first gives a small stratum its first test row, even over a larger remainder', () => {
    // shares 0.3 (2 rows, no test row yet) and 1.35: target 2, one leftover row goes to the 2-row stratum
    assert.deepEqual(allocate([2, 9], 0.15), [1, 1])
  })

  it("last takes a stratum's final training row, even over a larger remainder", () => {
    // shares 1.44 (would empty the 2-row stratum's train side) and 14.4: target 16, leftover goes to the second
    assert.deepEqual(allocate([2, 20], 0.72), [1, 15])
  })

  it('lets the exact total win over representation when the budget is too small', () => {
    // five 2-row strata at 10%: one test row in all, so four strata have none
    const got = allocate([2, 2, 2, 2, 2], 0.1)
    assert.equal(
      got.reduce((a, b) => a + b, 0),
      1,
    )
    assert.ok(got.every((c) => c === 0 || c === 1))
  })

  it('breaks ties between equal strata by a seeded draw, not by order', () => {
    const singletons = new Array(100).fill(1)
    assert.deepEqual(allocate(singletons, 0.3, 7), allocate(singletons, 0.3, 7))
    assert.notDeepEqual(allocate(singletons, 0.3, 7), allocate(singletons, 0.3, 8))
    const picked = new Int32Array(100)
    for (let seed = 0; seed < 400; seed++)
      allocate(singletons, 0.3, seed).forEach((c, s) => {
        picked[s]! += c
      })
    for (const p of picked) assert.ok(Math.abs(p - 120) < 45, `picked ${p} of 400`)
  })
})
