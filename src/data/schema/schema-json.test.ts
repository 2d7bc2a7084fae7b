import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DatasetSchema } from '../dataset.js'
import { schemaFromJson, schemaToJson } from './schema-json.js'

const schema: DatasetSchema = {
  columns: [
    { name: 'amount', type: 'numeric', nullable: true },
    { name: 'city', type: 'categorical', nullable: false },
  ],
}

describe('schema JSON', () => {
  it('round-trips through JSON text, versioned', () => {
    const json = schemaToJson(schema)
    assert.equal(json.version, 1)
    assert.deepEqual(schemaFromJson(JSON.stringify(json)), schema)
    assert.deepEqual(schemaFromJson(json), schema)
  })

  it('reads a hand-written schema without version or nullable (nullable by default)', () => {
    assert.deepEqual(schemaFromJson({ columns: [{ name: 'a', type: 'text' }] }), {
      columns: [{ name: 'a', type: 'text', nullable: true }],
    })
  })

  it('names the bad field', () => {
    const bad: [unknown, RegExp][] = [
      ['{', /^schema: is not valid JSON/],
      [[], /^schema: must be an object, not an array/],
      [{ version: 2, columns: [] }, /^version: schema format version 2 is not supported/],
      [{ columns: 'a' }, /^columns: must be an array/],
      [{ columns: [{ name: '', type: 'text' }] }, /^columns\[0\]\.name: must be a non-empty string/],
      [
        {
          columns: [
            { name: 'a', type: 'text' },
            { name: 'b', type: 'float' },
          ],
        },
        /^columns\[1\]\.type: string "float" is not a column type; use one of numeric/,
      ],
      [
        { columns: [{ name: 'a', type: 'text', nullable: 'no' }] },
        /^columns\[0\]\.nullable: must be true or false/,
      ],
      [
        { columns: [{ name: 'a', type: 'text', nulable: true }] },
        /^columns\[0\]\.nulable: is not a schema field/,
      ],
      [
        {
          columns: [
            { name: 'a', type: 'text' },
            { name: 'a', type: 'numeric' },
          ],
        },
        /^columns\[1\]\.name: 'a' appears twice/,
      ],
    ]
    for (const [input, message] of bad)
      assert.throws(() => schemaFromJson(input), { code: 'INVALID_PARAMETER_VALUE', message })
  })
})
