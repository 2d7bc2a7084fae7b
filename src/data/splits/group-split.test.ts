import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { type Column, valueAt } from '../column.js'
import { Dataset } from '../dataset.js'
import { groupSplit } from './group-split.js'
import { assertHoldoutPartition, shipyardError } from './testing/split-assertions.js'

// 2,000 rows from 150 users with skewed activity, some ids missing; the same ids as numbers and text.
function events(seed = 8): Dataset {
  const rng = new Random(seed)
  const n = 2000
  const codes = new Int32Array(n)
  for (let i = 0; i < n; i++) codes[i] = rng.nextInt(10) === 0 ? -1 : Math.floor(150 * rng.nextFloat() ** 2)
  const dictionary = Array.from({ length: 150 }, (_, i) => `user-${i}`)
  return Dataset.fromColumns([
    { name: 'user', type: 'categorical', codes, dictionary },
    { name: 'user_no', type: 'numeric', values: Float64Array.from(codes, (c) => (c < 0 ? Number.NaN : c)) },
    { name: 'user_text', type: 'text', values: Array.from(codes, (c) => (c < 0 ? null : `user-${c}`)) },
    { name: 'active', type: 'boolean', values: Int8Array.from(codes, (c) => c % 2) },
  ])
}

function groupsOf(column: Column, rows: Int32Array): Set<unknown> {
  return new Set(Array.from(rows, (row) => valueAt(column, row)))
}

describe('groupSplit', () => {
  it('never puts a group on both sides (missing ids are one group)', () => {
    const data = events()
    for (const column of ['user', 'user_no', 'user_text']) {
      for (const seed of [1, 2, 3]) {
        const split = groupSplit(data, { kind: 'group', column, testFraction: 0.25, seed })
        assertHoldoutPartition(split, data.rowCount)
        const train = groupsOf(data.column(column), split.train)
        const test = groupsOf(data.column(column), split.test)
        for (const g of test) assert.ok(!train.has(g), `${column}: ${g} leaks`)
        assert.deepEqual([split.report.trainGroups, split.report.testGroups], [train.size, test.size])
      }
    }
  })

  it('approximates the fraction with whole groups', () => {
    const data = events()
    for (const testFraction of [0.1, 0.25, 0.5]) {
      const split = groupSplit(data, { kind: 'group', column: 'user', testFraction, seed: 5 })
      const share = split.test.length / data.rowCount
      assert.ok(Math.abs(share - testFraction) < 0.03, `share ${share} for ${testFraction}`)
    }
  })

  it('splits the same ids the same way whatever their column type', () => {
    const data = events()
    const asCategory = groupSplit(data, { kind: 'group', column: 'user', testFraction: 0.3, seed: 4 })
    const again = groupSplit(data, { kind: 'group', column: 'user', testFraction: 0.3, seed: 4 })
    const other = groupSplit(data, { kind: 'group', column: 'user', testFraction: 0.3, seed: 6 })
    assert.deepEqual(asCategory.test, again.test)
    assert.notDeepEqual(asCategory.test, other.test)
  })

  it('moves a group over when the walk leaves a side empty', () => {
    // two groups of 5 rows, target 2 test rows: no group gets closer to 2, yet both sides need rows
    const codes = Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
    const data = Dataset.fromColumns([{ name: 'g', type: 'categorical', codes, dictionary: ['x', 'y'] }])
    const split = groupSplit(data, { kind: 'group', column: 'g', testFraction: 0.2, seed: 1 })
    assertHoldoutPartition(split, 10)
    assert.equal(split.test.length, 5)
    assert.deepEqual([split.report.trainGroups, split.report.testGroups], [1, 1])
    // target 8 of 10: both groups would join test; the smaller (first in seeded order) moves back
    const high = groupSplit(data, { kind: 'group', column: 'g', testFraction: 0.8, seed: 1 })
    assertHoldoutPartition(high, 10)
    assert.deepEqual([high.report.trainGroups, high.report.testGroups], [1, 1])
  })

  it('refuses a single group, a boolean column and an unknown column', () => {
    const one = Dataset.fromColumns([{ name: 'g', type: 'text', values: ['a', 'a', 'a'] }])
    assert.throws(
      () => groupSplit(one, { kind: 'group', column: 'g', testFraction: 0.3, seed: 1 }),
      shipyardError('INVALID_PARAMETER_VALUE', /'g' has 1 group; a group split needs at least 2/),
    )
    assert.throws(
      () => groupSplit(events(), { kind: 'group', column: 'active', testFraction: 0.3, seed: 1 }),
      shipyardError(
        'INVALID_PARAMETER_VALUE',
        /column 'active' is boolean; group split needs a categorical or numeric or text/,
      ),
    )
    assert.throws(
      () => groupSplit(events(), { kind: 'group', column: 'customer', testFraction: 0.3, seed: 1 }),
      shipyardError(
        'INVALID_PARAMETER_VALUE',
        /no column 'customer'; the dataset has 'user', 'user_no', 'user_text', 'active'/,
      ),
    )
  })
})
