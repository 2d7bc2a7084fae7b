import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toJson } from './json-output.js'

describe('toJson', () => {
  it('writes NaN and infinities as strings instead of losing them to null', () => {
    const text = toJson({ metrics: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5] })
    assert.deepEqual(JSON.parse(text), { metrics: ['NaN', 'Infinity', '-Infinity', 0.5] })
  })

  it('is one document ending in a newline', () => {
    const text = toJson({ a: 1 })
    assert.ok(text.endsWith('}\n'))
    assert.deepEqual(JSON.parse(text), { a: 1 })
  })
})
