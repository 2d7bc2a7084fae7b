import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeCsv } from './csv-request.js'
import { CHURN_SIGNATURE, failsWith, LOGREG_SIGNATURE } from './testing/signatures.js'

describe('decodeCsv', () => {
  it('reads each field as its signature column needs it, empty as missing, other columns as text', () => {
    const text = [
      'age,city,member,signup,note,extra',
      '41.5,oslo,true,2024-06-01,"hello, world",7',
      ',007,FALSE,1717200000000,,',
      '-1e3,,,2024-06-01T12:00:00+02:00,x,y',
    ].join('\n')
    const batch = decodeCsv(text, CHURN_SIGNATURE)
    assert.equal(batch.rowCount, 3)
    assert.deepEqual(Object.fromEntries([...batch.columns].map(([name, c]) => [name, c.values])), {
      age: [41.5, null, -1000],
      city: ['oslo', '007', null],
      member: [true, false, null],
      signup: [Date.UTC(2024, 5, 1), 1717200000000, Date.UTC(2024, 5, 1, 10)],
      note: ['hello, world', null, 'x'],
      extra: ['7', null, 'y'],
    })
  })

  it("reads a matrix input's columns as numbers, NaN and infinities included", () => {
    const batch = decodeCsv(
      'sepal_length,sepal_width,petal_length,petal_width\n5.1,NaN,inf,-Infinity\n',
      LOGREG_SIGNATURE,
    )
    assert.deepEqual(batch.columns.get('sepal_width')?.values, [Number.NaN])
    assert.deepEqual(batch.columns.get('petal_length')?.values, [Number.POSITIVE_INFINITY])
    assert.deepEqual(batch.columns.get('petal_width')?.values, [Number.NEGATIVE_INFINITY])
  })

  it('reads a header alone as no rows', () => {
    assert.equal(decodeCsv('age,city\n', CHURN_SIGNATURE).rowCount, 0)
  })

  it('refuses an empty body and a bad header, naming the line', () => {
    assert.throws(
      () => decodeCsv('\n\n', CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /empty: it needs a header line/),
    )
    assert.throws(
      () => decodeCsv('age,city,age\n1,2,3', CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /line 1: the header names 'age' twice/, { line: 1 }),
    )
    assert.throws(
      () => decodeCsv('age,,city\n', CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /line 1: the header has an empty column name/),
    )
  })

  it('refuses a line with the wrong number of fields, naming it', () => {
    assert.throws(
      () => decodeCsv('age,city\n1,oslo\n\n2\n', CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /line 4 has 1 fields; the header has 2 \(age, city\)/, { line: 4, row: 1 }),
    )
  })

  it('refuses a field its column cannot read, naming line and column', () => {
    const cases: [string, RegExp, string][] = [
      ['age\n41\n4l\n', /line 3, column 'age': expects a number; got '4l'/, 'age'],
      ['age\n0x10\n', /column 'age': expects a number; got '0x10'/, 'age'],
      ['member\nyes\n', /line 2, column 'member': expects true or false; got 'yes'/, 'member'],
      [
        'signup\n2024-06-01T12:00:00\n',
        /column 'signup': expects epoch milliseconds or an ISO-8601/,
        'signup',
      ],
    ]
    for (const [text, message, field] of cases) {
      assert.throws(
        () => decodeCsv(text, CHURN_SIGNATURE),
        failsWith('INVALID_PARAMETER_VALUE', message, { field }),
      )
    }
  })
})
