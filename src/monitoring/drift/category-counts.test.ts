import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { countCategories } from './category-counts.js'

describe('countCategories', () => {
  it('counts strings in order of first appearance; null, undefined and empty are missing', () => {
    assert.deepEqual(countCategories(['b', 'a', null, 'b', '', undefined, 'c', 'b']), {
      rows: 8,
      missing: 3,
      values: ['b', 'a', 'c'],
      counts: [3, 1, 1],
    })
  })

  it('counts dictionary codes, leaving out unused entries and treating an empty entry as missing', () => {
    const counted = countCategories({
      codes: Int32Array.of(0, 2, -1, 2, 3),
      dictionary: ['x', 'unused', 'y', ''],
    })
    assert.deepEqual(counted, { rows: 5, missing: 2, values: ['x', 'y'], counts: [1, 2] })
  })

  it('reads numbers as categories: 0 is a value, NaN missing', () => {
    assert.deepEqual(countCategories(Float64Array.of(0, 1.5, Number.NaN, 0, -0)), {
      rows: 5,
      missing: 1,
      values: ['0', '1.5'],
      counts: [3, 1],
    })
  })
})
