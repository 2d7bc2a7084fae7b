import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ModelSignature } from '../../models/index.js'
import type { LoggedValue } from '../../monitoring/index.js'
import { CHURN_SIGNATURE } from '../protocol/testing/signatures.js'
import { requestRows } from './request-rows.js'

const MATRIX: ModelSignature = {
  ...CHURN_SIGNATURE,
  inputs: [{ name: 'x', type: 'float', shape: [-1, 3], columnType: 'numeric' }],
}

describe('requestRows', () => {
  it('passes column inputs through as logged, unknown keys included', () => {
    const inputs: Record<string, LoggedValue>[] = [{ age: 41, city: 'oslo', extra: true }, { age: 37 }]
    assert.deepEqual(requestRows(inputs, CHURN_SIGNATURE), inputs)
  })

  it('puts back as null the sent columns a row lacks (logged nulls are not kept), and no others', () => {
    const rows = requestRows([{ age: 41 }, { age: 37, city: 'oslo' }], CHURN_SIGNATURE, ['age', 'city'])
    assert.deepEqual(rows, [
      { age: 41, city: null },
      { age: 37, city: 'oslo' },
    ])
    assert.deepEqual(requestRows([{ age: 41 }], CHURN_SIGNATURE), [{ age: 41 }])
  })

  it('puts a matrix input logged cell by cell back into one array, a missing cell as null', () => {
    const rows = requestRows(
      [
        { 'x.0': 1, 'x.1': 2, 'x.2': 3, note: 'kept' },
        { 'x.0': 4, 'x.2': 6 },
        { x: 'sent whole', 'x.0': 9 },
      ],
      MATRIX,
    )
    assert.deepEqual(rows, [
      { x: [1, 2, 3], note: 'kept' },
      { x: [4, null, 6] },
      { x: 'sent whole', 'x.0': 9 },
    ])
  })
})
