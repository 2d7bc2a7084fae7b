import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FixedWidthSink, StringSink } from './column-sinks.js'
import type { ChunkVector } from './duckdb-session.js'

/** A vector as the driver gives it: a typed `items` view (the fast path) or only `getItem`. */
function vector(values: readonly (number | null)[], items?: Float64Array | Int8Array): ChunkVector {
  return Object.assign({ getItem: (i: number) => values[i] ?? null }, items ? { items } : {})
}

function strings(values: readonly (string | null)[]): ChunkVector {
  return { getItem: (i: number) => values[i] ?? null }
}

describe('FixedWidthSink', () => {
  it('copies whole chunks from the typed view and grows past its capacity', () => {
    const sink = new FixedWidthSink(Float64Array, 2, Number.NaN)
    sink.append(vector([], Float64Array.of(1, 2, 3, 99)), 3, null)
    sink.append(vector([], Float64Array.of(4, 5)), 2, null)
    assert.deepEqual([...sink.values()], [1, 2, 3, 4, 5])
  })

  it('falls back to getItem, with NULL as the missing value, when there is no typed view', () => {
    const sink = new FixedWidthSink(Int8Array, 8, -1)
    sink.append(vector([1, null, 0]), 3, null)
    assert.deepEqual([...sink.values()], [1, -1, 0])
  })

  it('copies only the kept rows, on either path', () => {
    const fast = new FixedWidthSink(Float64Array, 4, Number.NaN)
    fast.append(vector([], Float64Array.of(10, 11, 12, 13)), 4, Int32Array.of(0, 3))
    assert.deepEqual([...fast.values()], [10, 13])
    const slow = new FixedWidthSink(Float64Array, 4, Number.NaN)
    slow.append(vector([10, null, 12]), 3, Int32Array.of(1, 2))
    assert.deepEqual([...slow.values()], [Number.NaN, 12])
  })

  it('returns its own array when the capacity was exact, and a trimmed copy otherwise', () => {
    const exact = new FixedWidthSink(Float64Array, 2, Number.NaN)
    exact.append(vector([], Float64Array.of(1, 2)), 2, null)
    assert.equal(exact.values().buffer.byteLength, 16)
    const loose = new FixedWidthSink(Float64Array, 100, Number.NaN)
    loose.append(vector([], Float64Array.of(1, 2)), 2, null)
    assert.equal(loose.values().buffer.byteLength, 16)
  })

  it('trims a slightly-over capacity with a view (no second copy) that holds just the values', () => {
    const near = new FixedWidthSink(Float64Array, 10, Number.NaN)
    near.append(vector([], Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9)), 9, null)
    const values = near.values()
    assert.equal(values.buffer.byteLength, 80)
    assert.deepEqual([...values], [1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
})

describe('StringSink', () => {
  it('dictionary-encodes in order of first appearance, -1 for missing', () => {
    const sink = new StringSink('infer', 10, 1)
    sink.append(strings(['b', 'a', null, 'b']), 4, null)
    sink.append(strings(['c', 'a']), 2, Int32Array.of(0))
    assert.deepEqual(sink.result(), {
      form: 'codes',
      codes: Int32Array.of(0, 1, -1, 0, 2),
      dictionary: ['b', 'a', 'c'],
      nonNull: 4,
    })
  })

  it('switches to text past maxDistinct in infer mode, but never when told categorical', () => {
    const values = ['a', 'b', 'c', 'a', null]
    const inferred = new StringSink('infer', 2, 1)
    inferred.append(strings(values), 5, null)
    assert.deepEqual(inferred.result(), { form: 'text', values, nonNull: 4 })
    const forced = new StringSink('categorical', 2, 1)
    forced.append(strings(values), 5, null)
    assert.equal(forced.result().form, 'codes')
  })
})
