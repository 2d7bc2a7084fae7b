import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { EXPECTATION_KINDS, type Expectation } from './expectation.js'
import { parseExpectations } from './parse-expectations.js'

/** One expectation of every kind, as a schema file holds them. */
const EVERY_KIND: Expectation[] = [
  { kind: 'required', column: 'age' },
  { kind: 'column_type', column: 'age', type: 'numeric' },
  { kind: 'max_null_fraction', column: 'age', max: 0.1 },
  { kind: 'range', column: 'age', min: 0, max: 120 },
  { kind: 'allowed_categories', column: 'city', values: ['oslo', 'paris'] },
  { kind: 'unique', column: 'id' },
  { kind: 'row_count', min: 1, max: 1_000_000 },
  { kind: 'no_infinite', column: 'ratio' },
]

function failure(json: unknown): ShipyardError {
  try {
    parseExpectations(json)
  } catch (error) {
    assert.ok(error instanceof ShipyardError)
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
    return error
  }
  assert.fail('expected parseExpectations to throw')
}

describe('parseExpectations', () => {
  it('reads every kind from a schema file and from a bare array, and round-trips through JSON', () => {
    assert.deepEqual(
      EVERY_KIND.map((e) => e.kind),
      [...EXPECTATION_KINDS],
    )
    const file = JSON.parse(JSON.stringify({ expectations: EVERY_KIND }))
    assert.deepEqual(parseExpectations(file), EVERY_KIND)
    assert.deepEqual(parseExpectations(JSON.parse(JSON.stringify(EVERY_KIND))), EVERY_KIND)
  })

  it('keeps one-sided bounds one-sided', () => {
    assert.deepEqual(parseExpectations([{ kind: 'range', column: 'x', min: 0 }]), [
      { kind: 'range', column: 'x', min: 0 },
    ])
    assert.deepEqual(parseExpectations([{ kind: 'row_count', max: 5 }]), [{ kind: 'row_count', max: 5 }])
  })

  it('names the entry and the field that is wrong', () => {
    const cases: [unknown, string, string][] = [
      [
        [{ kind: 'required', column: 'a' }, 'x'],
        'expectations[1]',
        'expectations[1]: must be an object, not "x"',
      ],
      [
        [{}, {}, {}, { kind: 'range', column: 'a', max: '5' }],
        'expectations[0].kind',
        'expectations[0].kind: must be a non-empty string, not missing',
      ],
      [
        [{ kind: 'range', column: 'a', max: '5' }],
        'expectations[0].max',
        'expectations[0].max: must be a number, not "5"',
      ],
      [
        [{ kind: 'colour', column: 'a' }],
        'expectations[0].kind',
        'expectations[0].kind: must be one of required, column_type, max_null_fraction, range, allowed_categories, unique, row_count, no_infinite, not "colour"',
      ],
      [
        [{ kind: 'unique' }],
        'expectations[0].column',
        'expectations[0].column: must be a non-empty string, not missing',
      ],
      [
        [{ kind: 'range', column: 'a', mx: 5 }],
        'expectations[0].min',
        'expectations[0].min: a range needs min, max or both',
      ],
      [
        [{ kind: 'range', column: 'a', min: 5, mx: 5 }],
        'expectations[0].mx',
        'expectations[0].mx: unknown field; this entry takes kind, column, min, max',
      ],
      [
        [{ kind: 'range', column: 'a', min: 5, max: 1 }],
        'expectations[0].min',
        'expectations[0].min: 5 is greater than max 1',
      ],
      [
        [{ kind: 'max_null_fraction', column: 'a', max: 1.5 }],
        'expectations[0].max',
        'expectations[0].max: must be between 0 and 1, not 1.5',
      ],
      [
        [{ kind: 'max_null_fraction', column: 'a' }],
        'expectations[0].max',
        'expectations[0].max: must be a number, and is missing',
      ],
      [
        [{ kind: 'row_count', min: 2.5 }],
        'expectations[0].min',
        'expectations[0].min: must be a non-negative integer, not 2.5',
      ],
      [
        [{ kind: 'row_count', min: -1 }],
        'expectations[0].min',
        'expectations[0].min: must be a non-negative integer, not -1',
      ],
      [
        [{ kind: 'column_type', column: 'a', type: 'float' }],
        'expectations[0].type',
        'expectations[0].type: must be one of numeric, categorical, boolean, datetime, text, not "float"',
      ],
      [
        [{ kind: 'allowed_categories', column: 'a', values: ['x', 3] }],
        'expectations[0].values[1]',
        'expectations[0].values[1]: must be a string, not 3',
      ],
      [
        [{ kind: 'allowed_categories', column: 'a', values: 'x' }],
        'expectations[0].values',
        'expectations[0].values: must be an array of strings, not "x"',
      ],
      [
        [{ kind: 'range', column: 'a', min: Number.NaN }],
        'expectations[0].min',
        'expectations[0].min: must be a number, not NaN',
      ],
      [{ expectations: 'all' }, 'expectations', 'expectations: must be an array, not "all"'],
      [{ rules: [] }, 'expectations', 'expectations: must be an array, not missing'],
      [{ expectations: [], extra: 1 }, 'extra', 'extra: unknown field; the file holds only "expectations"'],
      [42, 'expectations', 'expectations: the file must hold {"expectations": [...]}, not 42'],
    ]
    for (const [json, field, message] of cases) {
      const error = failure(json)
      assert.equal(error.message, message)
      assert.equal(error.details.field, field)
    }
  })

  it('accepts infinite bounds given in code (JSON cannot hold them)', () => {
    assert.deepEqual(
      parseExpectations([{ kind: 'range', column: 'x', min: Number.NEGATIVE_INFINITY, max: 3 }]),
      [{ kind: 'range', column: 'x', min: Number.NEGATIVE_INFINITY, max: 3 }],
    )
  })

  it('prefixes the source file when given', () => {
    assert.throws(
      () => parseExpectations([{ kind: 'unique', column: '' }], { source: 'schema.json' }),
      (error: unknown) =>
        error instanceof ShipyardError &&
        error.message === 'schema.json: expectations[0].column: must be a non-empty string, not ""' &&
        error.details.source === 'schema.json' &&
        error.details.field === 'expectations[0].column',
    )
  })
})
