import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ModelSignature } from '../../models/index.js'
import { type BuildFeedsOptions, buildFeeds } from './build-feeds.js'
import type { RowBatch } from './row-batch.js'
import { CHURN_SIGNATURE, columnInput, failsWith, LOGREG_SIGNATURE } from './testing/signatures.js'

const OPTIONS: BuildFeedsOptions = { unknownColumns: 'reject', maxRows: 100 }

/** A batch from columns of one value per row, or [values, width] for a matrix sent whole. */
function batch(columns: Record<string, unknown[] | [unknown[], number]>): RowBatch {
  const entries = Object.entries(columns).map(([name, c]): [string, { values: unknown[]; width: number }] =>
    c.length === 2 && Array.isArray(c[0]) && typeof c[1] === 'number'
      ? [name, { values: c[0], width: c[1] }]
      : [name, { values: c, width: 1 }],
  )
  const [, first] = entries[0]!
  return { rowCount: first.values.length / first.width, columns: new Map(entries) }
}

const CHURN_ROWS = {
  age: [41.5, null],
  city: ['oslo', 7],
  member: [true, false],
  signup: ['2024-06-01T12:00:00Z', 1717200000000],
  note: [null, 'hi'],
}

function withInputs(inputs: ModelSignature['inputs']): ModelSignature {
  return { ...CHURN_SIGNATURE, inputs }
}

describe('buildFeeds', () => {
  it('types each column as its input: numbers, booleans as 1/0, datetimes, strings, missing as NaN and ""', () => {
    const feeds = buildFeeds(batch(CHURN_ROWS), CHURN_SIGNATURE, OPTIONS)
    assert.deepEqual(feeds.age, { type: 'double', data: Float64Array.from([41.5, Number.NaN]), dims: [2, 1] })
    assert.deepEqual(feeds.city, { type: 'string', data: ['oslo', '7'], dims: [2, 1] })
    assert.deepEqual(feeds.member, { type: 'double', data: Float64Array.from([1, 0]), dims: [2, 1] })
    assert.deepEqual(feeds.signup, {
      type: 'double',
      data: Float64Array.from([Date.UTC(2024, 5, 1, 12), 1717200000000]),
      dims: [2, 1],
    })
    assert.deepEqual(feeds.note, { type: 'string', data: ['', 'hi'], dims: [2, 1] })
  })

  it('refuses missing columns, naming each with the expected columns', () => {
    assert.throws(
      () => buildFeeds(batch({ age: [1], city: ['x'], note: ['y'] }), CHURN_SIGNATURE, OPTIONS),
      failsWith(
        'INVALID_PARAMETER_VALUE',
        /missing columns 'member', 'signup'; the model takes age, city, member, signup, note/,
        {
          field: 'member',
          missing: ['member', 'signup'],
        },
      ),
    )
  })

  it('refuses unknown columns by default and ignores them when asked; the target is always ignored', () => {
    const rows = batch({ ...CHURN_ROWS, agee: [1, 2], churned: [0, 1] })
    assert.throws(
      () => buildFeeds(rows, CHURN_SIGNATURE, OPTIONS),
      failsWith(
        'INVALID_PARAMETER_VALUE',
        /unknown column 'agee' \(did you mean 'age'\?\); the model takes age, city/,
        {
          field: 'agee',
          unknown: ['agee'],
        },
      ),
    )
    const feeds = buildFeeds(rows, CHURN_SIGNATURE, { ...OPTIONS, unknownColumns: 'ignore' })
    assert.deepEqual(Object.keys(feeds), ['age', 'city', 'member', 'signup', 'note'])
    assert.doesNotThrow(() => buildFeeds(batch({ ...CHURN_ROWS, churned: [0, 1] }), CHURN_SIGNATURE, OPTIONS))
  })

  it('refuses more rows than maxRows with 413 and the limit, and no rows at all', () => {
    assert.throws(
      () => buildFeeds(batch(CHURN_ROWS), CHURN_SIGNATURE, { ...OPTIONS, maxRows: 1 }),
      failsWith('SHIPYARD_PAYLOAD_TOO_LARGE', /holds 2 rows; this server takes at most 1 per request/, {
        rows: 2,
        limit: 1,
      }),
    )
    assert.throws(
      () => buildFeeds({ rowCount: 0, columns: new Map() }, CHURN_SIGNATURE, OPTIONS),
      failsWith('BAD_REQUEST', /no rows to predict/),
    )
  })

  it('refuses a value of the wrong JSON type, naming column and row (numeric strings too)', () => {
    const cases: [string, unknown[], RegExp, number][] = [
      ['age', [1, '42'], /column 'age', row 1: expects a number; got a string \("42"\)/, 1],
      ['age', [true, 1], /column 'age', row 0: expects a number; got a boolean/, 0],
      ['member', [true, 1], /column 'member', row 1: expects true or false; got a number/, 1],
      ['member', ['true', false], /column 'member', row 0: expects true or false; got a string/, 0],
      [
        'signup',
        [0, '2024-06-01T12:00:00'],
        /column 'signup', row 1: expects epoch milliseconds or an ISO-8601/,
        1,
      ],
      ['signup', [true, 0], /column 'signup', row 0: expects epoch milliseconds/, 0],
      ['city', ['oslo', false], /column 'city', row 1: expects a string; got a boolean/, 1],
      ['note', [{ text: 'x' }, null], /column 'note', row 0: expects a string; got an object/, 0],
    ]
    for (const [column, values, message, row] of cases) {
      assert.throws(
        () => buildFeeds(batch({ ...CHURN_ROWS, [column]: values }), CHURN_SIGNATURE, OPTIONS),
        failsWith('INVALID_PARAMETER_VALUE', message, { field: column, row }),
        String(message),
      )
    }
  })

  it('makes float and int64 feeds; int64 takes integers only, never missing', () => {
    const signature = withInputs([
      { ...columnInput('score', 'numeric'), type: 'float' },
      { ...columnInput('count', 'numeric'), type: 'int64', shape: [-1] },
      { ...columnInput('flag', 'boolean'), type: 'int64' },
    ])
    const feeds = buildFeeds(
      batch({ score: [0.5, null], count: [3, -2], flag: [true, false] }),
      signature,
      OPTIONS,
    )
    assert.deepEqual(feeds.score, { type: 'float', data: Float32Array.from([0.5, Number.NaN]), dims: [2, 1] })
    assert.deepEqual(feeds.count, { type: 'int64', data: BigInt64Array.from([3n, -2n]), dims: [2] })
    assert.deepEqual(feeds.flag, { type: 'int64', data: BigInt64Array.from([1n, 0n]), dims: [2, 1] })
    assert.throws(
      () => buildFeeds(batch({ score: [1, 2], count: [3, null], flag: [true, true] }), signature, OPTIONS),
      failsWith(
        'INVALID_PARAMETER_VALUE',
        /column 'count', row 1: a value is required \(the model's input is int64/,
        {
          field: 'count',
          row: 1,
        },
      ),
    )
    assert.throws(
      () => buildFeeds(batch({ score: [1], count: [2.5], flag: [true] }), signature, OPTIONS),
      failsWith('INVALID_PARAMETER_VALUE', /column 'count', row 0: expects an integer; got a number \(2.5\)/),
    )
  })

  it('fills a matrix input from its columns in order, or takes it whole', () => {
    const expected = {
      type: 'float',
      data: Float32Array.from([5.1, 3.5, 1.4, Number.NaN, 6.2, 2.9, 4.3, 1.3]),
      dims: [2, 4],
    }
    const fromColumns = batch({
      petal_width: [null, 1.3],
      sepal_length: [5.1, 6.2],
      sepal_width: [3.5, 2.9],
      petal_length: [1.4, 4.3],
    })
    assert.deepEqual(buildFeeds(fromColumns, LOGREG_SIGNATURE, OPTIONS).float_input, expected)
    const whole = batch({ float_input: [[5.1, 3.5, 1.4, null, 6.2, 2.9, 4.3, 1.3], 4] })
    assert.deepEqual(buildFeeds(whole, LOGREG_SIGNATURE, OPTIONS).float_input, expected)
  })

  it("names a matrix input's bad value by its column, and refuses a whole matrix of the wrong width", () => {
    assert.throws(
      () => buildFeeds(batch({ float_input: [[1, 2, 3, 4, 5, 6, 'x', 8], 4] }), LOGREG_SIGNATURE, OPTIONS),
      failsWith('INVALID_PARAMETER_VALUE', /column 'petal_length', row 1: expects a number/, {
        field: 'petal_length',
        row: 1,
      }),
    )
    assert.throws(
      () => buildFeeds(batch({ float_input: [[1, 2, 3], 3] }), LOGREG_SIGNATURE, OPTIONS),
      failsWith(
        'INVALID_PARAMETER_VALUE',
        /input 'float_input' takes 4 values per row \(sepal_length, .*\); the request has 3/,
      ),
    )
    assert.throws(
      () =>
        buildFeeds(
          batch({ sepal_length: [1], sepal_width: [2], petal_length: [3] }),
          LOGREG_SIGNATURE,
          OPTIONS,
        ),
      failsWith(
        'INVALID_PARAMETER_VALUE',
        /missing column 'petal_width'; the model takes sepal_length, sepal_width, petal_length, petal_width/,
      ),
    )
    assert.throws(
      () =>
        buildFeeds(
          batch({ sepal_length: [[1, 2], 2], sepal_width: [2], petal_length: [3], petal_width: [4] }),
          LOGREG_SIGNATURE,
          OPTIONS,
        ),
      failsWith(
        'INVALID_PARAMETER_VALUE',
        /column 'sepal_length' holds 2 values per row; it is one value of input 'float_input'/,
      ),
    )
  })
})
