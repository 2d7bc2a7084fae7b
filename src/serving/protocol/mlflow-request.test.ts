import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeMlflowJson } from './mlflow-request.js'
import { CHURN_SIGNATURE, failsWith, LOGREG_SIGNATURE } from './testing/signatures.js'

const columnsOf = (body: unknown) =>
  Object.fromEntries(
    [...decodeMlflowJson(body, CHURN_SIGNATURE).batch.columns].map(([name, column]) => [name, column.values]),
  )

describe('decodeMlflowJson', () => {
  it('reads dataframe_split, ignoring the index', () => {
    const body = {
      dataframe_split: {
        columns: ['age', 'city'],
        data: [
          [41, 'oslo'],
          [null, 'lima'],
        ],
        index: [7, 8],
      },
    }
    assert.deepEqual(columnsOf(body), { age: [41, null], city: ['oslo', 'lima'] })
    assert.equal(decodeMlflowJson(body, CHURN_SIGNATURE).batch.rowCount, 2)
  })

  it('reads dataframe_records, instances and inputs', () => {
    assert.deepEqual(columnsOf({ dataframe_records: [{ age: 41 }, { age: 37, city: 'lima' }] }), {
      age: [41, 37],
      city: [null, 'lima'],
    })
    assert.deepEqual(columnsOf({ instances: [{ age: 41 }] }), { age: [41] })
    assert.deepEqual(columnsOf({ inputs: { age: [41, 37] } }), { age: [41, 37] })
    const matrix = decodeMlflowJson({ inputs: [[1, 2, 3, 4]] }, LOGREG_SIGNATURE).batch
    assert.deepEqual(matrix.columns.get('float_input'), { values: [1, 2, 3, 4], width: 4 })
  })

  it('returns params and ignores other keys, as MLflow does', () => {
    const request = decodeMlflowJson(
      { dataframe_records: [{ age: 1 }], params: { top_k: 3 }, extra: 1 },
      CHURN_SIGNATURE,
    )
    assert.deepEqual(request.params, { top_k: 3 })
    assert.deepEqual([...request.batch.columns.keys()], ['age'])
    assert.throws(
      () => decodeMlflowJson({ dataframe_records: [], params: [1] }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /params must be an object/, { field: 'params' }),
    )
  })

  it('refuses no input field or two, naming the accepted ones', () => {
    const accepted = /exactly one of the fields dataframe_split, dataframe_records, instances, inputs/
    assert.throws(
      () => decodeMlflowJson({ columns: ['age'], data: [[1]] }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', new RegExp(`${accepted.source}; got fields columns, data`)),
    )
    assert.throws(
      () => decodeMlflowJson({ instances: [], inputs: {} }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', accepted, { field: 'inputs' }),
    )
    assert.throws(() => decodeMlflowJson([{ age: 1 }], CHURN_SIGNATURE), failsWith('BAD_REQUEST', accepted))
  })

  it('refuses a malformed dataframe_split or dataframe_records, naming the field and row', () => {
    const cases: [unknown, RegExp, Record<string, unknown>][] = [
      [
        { dataframe_split: [[1]] },
        /dataframe_split must be an object \{columns, data\}/,
        { field: 'dataframe_split' },
      ],
      [{ dataframe_split: { data: [[1]] } }, /dataframe_split.columns must be an array of column names/, {}],
      [{ dataframe_split: { columns: ['a', 'a'], data: [] } }, /names 'a' twice/, {}],
      [
        { dataframe_split: { columns: ['a'], data: {} } },
        /dataframe_split.data must be an array of rows/,
        {},
      ],
      [
        { dataframe_split: { columns: ['a', 'b'], data: [[1, 2], [3]] } },
        /dataframe_split.data\[1\] must be an array of 2 values \(a, b\); got 1 values/,
        { row: 1 },
      ],
      [{ dataframe_records: { age: [1] } }, /dataframe_records must be an array of row objects/, {}],
      [{ dataframe_records: [{ age: 1 }, 2] }, /dataframe_records\[1\] must be an object/, { row: 1 }],
    ]
    for (const [body, message, details] of cases) {
      assert.throws(
        () => decodeMlflowJson(body, CHURN_SIGNATURE),
        failsWith('BAD_REQUEST', message, details),
        String(message),
      )
    }
  })
})
