import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../dataset.js'
import { checkSchema } from './check-schema.js'

const dataset = Dataset.fromColumns([
  { name: 'amount', type: 'numeric', values: Float64Array.of(1, Number.NaN, 3, Number.NaN) },
  { name: 'city', type: 'categorical', codes: Int32Array.of(0, 1, 0, 0), dictionary: ['a', 'b'] },
  { name: 'extra', type: 'text', values: ['x', null, 'y', 'z'] },
])

describe('checkSchema', () => {
  it('finds nothing wrong when the dataset conforms (extra columns allowed)', () => {
    const mismatches = checkSchema(dataset, {
      columns: [
        { name: 'amount', type: 'numeric', nullable: true },
        { name: 'city', type: 'categorical', nullable: false },
      ],
    })
    assert.deepEqual(mismatches, [])
  })

  it('lists missing columns, wrong types and unexpected nulls in schema order, each with a message', () => {
    const mismatches = checkSchema(dataset, {
      columns: [
        { name: 'label', type: 'boolean', nullable: false },
        { name: 'city', type: 'text', nullable: true },
        { name: 'amount', type: 'numeric', nullable: false },
      ],
    })
    assert.deepEqual(mismatches, [
      {
        kind: 'missing_column',
        column: 'label',
        message: "column 'label' (boolean) is missing; the dataset has 'amount', 'city', 'extra'",
      },
      {
        kind: 'wrong_type',
        column: 'city',
        expected: 'text',
        actual: 'categorical',
        message: "column 'city' is categorical; the schema says text",
      },
      {
        kind: 'unexpected_nulls',
        column: 'amount',
        count: 2,
        rows: [1, 3],
        message: "column 'amount' has 2 missing values (rows 1, 3); the schema says it is not nullable",
      },
    ])
  })

  it('shows at most five example rows', () => {
    const holes = Dataset.fromColumns([
      { name: 't', type: 'text', values: Array.from({ length: 9 }, () => null) },
    ])
    const [mismatch] = checkSchema(holes, { columns: [{ name: 't', type: 'text', nullable: false }] })
    assert.ok(mismatch?.kind === 'unexpected_nulls')
    assert.deepEqual(mismatch.rows, [0, 1, 2, 3, 4])
    assert.match(mismatch.message, /9 missing values \(rows 0, 1, 2, 3, 4, \.\.\.\)/)
  })
})
