import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../dataset.js'
import { expectationsFromSchema } from './schema-expectations.js'
import { validateDataset } from './validate-dataset.js'

describe('expectationsFromSchema', () => {
  const schema = {
    columns: [
      { name: 'age', type: 'numeric', nullable: false },
      { name: 'city', type: 'categorical', nullable: true },
    ],
  } as const

  it('requires each column with its type, and no missing value where the schema says not nullable', () => {
    assert.deepEqual(expectationsFromSchema(schema), [
      { kind: 'required', column: 'age' },
      { kind: 'column_type', column: 'age', type: 'numeric' },
      { kind: 'max_null_fraction', column: 'age', max: 0 },
      { kind: 'required', column: 'city' },
      { kind: 'column_type', column: 'city', type: 'categorical' },
    ])
  })

  it('a dataset passes the expectations of its own schema, and data breaking it fails', () => {
    const good = Dataset.fromColumns([
      { name: 'age', type: 'numeric', values: Float64Array.from([1, 2]) },
      { name: 'city', type: 'categorical', codes: Int32Array.from([0, -1]), dictionary: ['oslo'] },
      { name: 'extra', type: 'text', values: ['x', 'y'] },
    ])
    assert.equal(validateDataset(good, expectationsFromSchema(good.schema)).valid, true)
    assert.equal(validateDataset(good, expectationsFromSchema(schema)).valid, true)
    const bad = Dataset.fromColumns([
      { name: 'age', type: 'numeric', values: Float64Array.from([1, Number.NaN]) },
      { name: 'city', type: 'text', values: ['oslo', null] },
    ])
    const report = validateDataset(bad, expectationsFromSchema(schema))
    assert.deepEqual(
      report.failed.map((r) => [r.expectation.kind, r.column, r.failingCount]),
      [
        ['max_null_fraction', 'age', 1],
        ['column_type', 'city', 0],
      ],
    )
  })
})
