import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../dataset.js'
import { randomSplit } from './random-split.js'
import { assertHoldoutPartition, shipyardError } from './testing/split-assertions.js'

function rows(n: number): Dataset {
  return Dataset.fromColumns([
    { name: 'x', type: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i) },
  ])
}

describe('randomSplit', () => {
  it('is reproducible: same seed, identical indices; another seed, other indices', () => {
    const data = rows(1000)
    const a = randomSplit(data, { kind: 'random', testFraction: 0.25, seed: 11 })
    const b = randomSplit(data, { kind: 'random', testFraction: 0.25, seed: 11 })
    const c = randomSplit(data, { kind: 'random', testFraction: 0.25, seed: 12 })
    assert.deepEqual(a.test, b.test)
    assert.deepEqual(a.train, b.train)
    assert.notDeepEqual(a.test, c.test)
  })

  it('pins the indices of a seed, so a recorded split replays after any refactor', () => {
    const split = randomSplit(rows(12), { kind: 'random', testFraction: 0.25, seed: 42 })
    assert.deepEqual(Array.from(split.test), GOLDEN_TEST_ROWS)
  })

  it('puts exactly round(fraction * rows) rows in test and partitions the rows', () => {
    for (const [n, f] of [
      [10, 0.3],
      [7, 0.5],
      [1001, 0.1],
      [2, 0.5],
      [3, 0.6],
    ] as const) {
      const split = randomSplit(rows(n), { kind: 'random', testFraction: f, seed: 1 })
      assertHoldoutPartition(split, n)
      assert.equal(split.test.length, Math.round(f * n))
      assert.equal(split.excluded.length, 0)
    }
  })

  it('draws every row with the same probability', () => {
    const hits = new Int32Array(10)
    for (let seed = 0; seed < 2000; seed++) {
      for (const row of randomSplit(rows(10), { kind: 'random', testFraction: 0.3, seed }).test) hits[row]!++
    }
    for (const h of hits) assert.ok(Math.abs(h - 600) < 90, `hit count ${h}`)
  })

  it('refuses a fraction outside (0, 1), a bad seed and too few rows', () => {
    for (const testFraction of [0, 1, -0.1, 1.5, Number.NaN]) {
      assert.throws(
        () => randomSplit(rows(10), { kind: 'random', testFraction, seed: 1 }),
        shipyardError('INVALID_PARAMETER_VALUE', /testFraction: must be a number strictly between 0 and 1/),
      )
    }
    assert.throws(
      () => randomSplit(rows(10), { kind: 'random', testFraction: 0.5, seed: 1.5 }),
      shipyardError('INVALID_PARAMETER_VALUE', /seed: must be a safe integer, got 1.5/),
    )
    assert.throws(
      () => randomSplit(rows(1), { kind: 'random', testFraction: 0.5, seed: 1 }),
      shipyardError('INVALID_PARAMETER_VALUE', /the dataset has 1 row; at least 2/),
    )
  })

  it('names the side a fraction would leave empty', () => {
    assert.throws(
      () => randomSplit(rows(20), { kind: 'random', testFraction: 0.01, seed: 1 }),
      shipyardError(
        'INVALID_PARAMETER_VALUE',
        /0.01 of 20 rows is 0 test rows: the test side would be empty/,
      ),
    )
    assert.throws(
      () => randomSplit(rows(20), { kind: 'random', testFraction: 0.99, seed: 1 }),
      shipyardError('INVALID_PARAMETER_VALUE', /the train side would be empty/),
    )
  })
})

// Computed once by this implementation and pinned: changing it breaks every recorded split.
const GOLDEN_TEST_ROWS = [3, 7, 8]
