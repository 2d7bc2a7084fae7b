import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { denseCodes, rowsByCode } from './dense-codes.js'

describe('denseCodes', () => {
  it('numbers categories by first appearance, with one code for missing, skipping unused entries', () => {
    const d = denseCodes({
      name: 'c',
      type: 'categorical',
      codes: Int32Array.from([2, -1, 0, 2, -1]),
      dictionary: ['a', 'unused', 'c'],
    })
    assert.deepEqual([Array.from(d.codes), d.count, Array.from(d.sizes)], [[0, 1, 2, 0, 1], 3, [2, 2, 1]])
  })

  it('numbers numbers by ascending value, 0 and -0 as one, NaN last', () => {
    const d = denseCodes({
      name: 'x',
      type: 'numeric',
      values: Float32Array.from([3, Number.NaN, -0, 0, -1, 3]),
    })
    assert.deepEqual([Array.from(d.codes), d.count], [[2, 3, 1, 1, 0, 2], 4])
    const noMissing = denseCodes({ name: 't', type: 'datetime', values: Float64Array.from([5, 5, 1]) })
    assert.deepEqual([Array.from(noMissing.codes), noMissing.count], [[1, 1, 0], 2])
  })

  it("keeps text null apart from the string 'null'; booleans by first appearance", () => {
    const t = denseCodes({ name: 't', type: 'text', values: ['null', null, 'b', null] })
    assert.deepEqual(Array.from(t.codes), [0, 1, 2, 1])
    const b = denseCodes({ name: 'b', type: 'boolean', values: Int8Array.from([1, -1, 0, 1]) })
    assert.deepEqual(Array.from(b.codes), [0, 1, 2, 0])
  })

  it('rowsByCode lists each code’s rows contiguously, ascending', () => {
    const d = denseCodes({ name: 't', type: 'text', values: ['x', 'y', 'x', 'z', 'y', 'x'] })
    const { rows, offsets } = rowsByCode(d)
    assert.deepEqual(
      [Array.from(rows), Array.from(offsets)],
      [
        [0, 2, 5, 1, 4, 3],
        [0, 3, 5, 6],
      ],
    )
  })
})
