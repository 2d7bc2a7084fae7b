import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DatasetSchema } from '../dataset.js'
import { applyTypeOverrides, validateTypeOverrides } from './type-overrides.js'

const schema: DatasetSchema = {
  columns: [
    { name: 'zip', type: 'numeric', nullable: false },
    { name: 'city', type: 'categorical', nullable: true },
  ],
}

describe('applyTypeOverrides', () => {
  it('replaces the named types, keeps nullability, and leaves the input alone', () => {
    const applied = applyTypeOverrides(schema, { zip: 'categorical' })
    assert.deepEqual(applied.columns, [
      { name: 'zip', type: 'categorical', nullable: false },
      { name: 'city', type: 'categorical', nullable: true },
    ])
    assert.equal(schema.columns[0]!.type, 'numeric')
  })

  it('names an unknown column with the columns there are, and an unknown type with the valid ones', () => {
    assert.throws(() => applyTypeOverrides(schema, { zpi: 'text' }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: "types.zpi: there is no column 'zpi'; the columns are 'zip', 'city'",
    })
    assert.throws(() => validateTypeOverrides({ zip: 'int' as never }, ['zip']), {
      message:
        "types.zip: 'int' is not a column type; use one of numeric, categorical, boolean, datetime, text",
    })
  })

  it('does not treat inherited object keys as overrides', () => {
    assert.throws(() => validateTypeOverrides({ toString: 'text' } as never, ['zip']), {
      message: /no column 'toString'/,
    })
    assert.deepEqual(
      applyTypeOverrides({ columns: [{ name: 'constructor', type: 'text', nullable: true }] }, {}).columns[0]!
        .type,
      'text',
    )
  })
})
