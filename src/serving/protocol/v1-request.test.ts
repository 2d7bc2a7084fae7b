import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RowBatch } from './row-batch.js'
import { CHURN_SIGNATURE, columnInput, failsWith, LOGREG_SIGNATURE } from './testing/signatures.js'
import { decodeV1 } from './v1-request.js'

/** A batch as plain data: rowCount and each column's values and width. */
function plain(batch: RowBatch) {
  return {
    rowCount: batch.rowCount,
    columns: Object.fromEntries(
      [...batch.columns].map(([name, c]) => [name, { values: [...c.values], width: c.width }]),
    ),
  }
}

const ONE_COLUMN = { ...CHURN_SIGNATURE, inputs: [columnInput('age', 'numeric')] }

describe('decodeV1', () => {
  it('reads rows as objects, a key absent from a row being missing there', () => {
    const batch = decodeV1({ instances: [{ age: 41, city: 'oslo' }, { age: 37 }] }, CHURN_SIGNATURE)
    assert.deepEqual(plain(batch), {
      rowCount: 2,
      columns: { age: { values: [41, 37], width: 1 }, city: { values: ['oslo', null], width: 1 } },
    })
  })

  it('reads rows as arrays in the signature input order', () => {
    const batch = decodeV1({ instances: [[41, 'oslo', true, '2024-06-01', 'hi']] }, CHURN_SIGNATURE)
    assert.deepEqual([...batch.columns.keys()], ['age', 'city', 'member', 'signup', 'note'])
    assert.deepEqual(batch.columns.get('member'), { values: [true], width: 1 })
  })

  it('reads array rows as the single matrix input, and bare values as the single column', () => {
    const matrix = decodeV1(
      {
        instances: [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      },
      LOGREG_SIGNATURE,
    )
    assert.deepEqual(plain(matrix), {
      rowCount: 2,
      columns: { float_input: { values: [1, 2, 3, 4, 5, 6, 7, 8], width: 4 } },
    })
    assert.deepEqual(plain(decodeV1({ instances: [41, null] }, ONE_COLUMN)), {
      rowCount: 2,
      columns: { age: { values: [41, null], width: 1 } },
    })
  })

  it('reads columns, a matrix input given as one array per row, and `inputs` as a list of rows', () => {
    assert.deepEqual(
      plain(decodeV1({ inputs: { age: [41, 37], city: ['oslo', 'lima'] } }, CHURN_SIGNATURE)),
      {
        rowCount: 2,
        columns: { age: { values: [41, 37], width: 1 }, city: { values: ['oslo', 'lima'], width: 1 } },
      },
    )
    assert.deepEqual(plain(decodeV1({ inputs: { float_input: [[1, 2, 3, 4]] } }, LOGREG_SIGNATURE)), {
      rowCount: 1,
      columns: { float_input: { values: [1, 2, 3, 4], width: 4 } },
    })
    assert.equal(decodeV1({ inputs: [[1, 2, 3, 4]] }, LOGREG_SIGNATURE).columns.get('float_input')?.width, 4)
  })

  it('reads an empty instance list as no rows (buildFeeds refuses it)', () => {
    assert.equal(decodeV1({ instances: [] }, CHURN_SIGNATURE).rowCount, 0)
  })

  it('refuses a body with both keys, neither, or not an object', () => {
    assert.throws(
      () => decodeV1({ instances: [], inputs: {} }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /either "instances" \(rows\) or "inputs" \(columns\), not both/),
    )
    assert.throws(
      () => decodeV1({ rows: [] }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /needs "instances" \(rows\) or "inputs" \(columns\); got keys "rows"/),
    )
    assert.throws(
      () => decodeV1([{ age: 1 }], CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /JSON object.*got an array/),
    )
  })

  it('refuses instances that are not an array, naming the field', () => {
    assert.throws(
      () => decodeV1({ instances: { age: 41 } }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /instances must be an array of rows; got an object/, { field: 'instances' }),
    )
  })

  it('refuses ragged columns, naming the column', () => {
    assert.throws(
      () => decodeV1({ inputs: { age: [41, 37], city: ['oslo'] } }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /column 'city' has 1 values but 'age' has 2/, {
        field: 'inputs.city',
        column: 'city',
      }),
    )
    assert.throws(
      () => decodeV1({ inputs: { age: 41 } }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /inputs.age must be an array of values, one per row/, { field: 'inputs.age' }),
    )
  })

  it('refuses rows of the wrong form or length, naming the row', () => {
    assert.throws(
      () => decodeV1({ instances: [{ age: 1 }, [2]] }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /instances\[1\] must be an object of column values; got an array/, { row: 1 }),
    )
    assert.throws(
      () => decodeV1({ instances: [[41, 'oslo', true, '2024-06-01', 'hi'], [41]] }, CHURN_SIGNATURE),
      failsWith(
        'BAD_REQUEST',
        /instances\[1\] must be an array of 5 values \(age, city, member, signup, note\); got 1 values/,
        {
          row: 1,
        },
      ),
    )
    assert.throws(
      () =>
        decodeV1(
          {
            instances: [
              [1, 2, 3, 4],
              [1, 2, 3],
            ],
          },
          LOGREG_SIGNATURE,
        ),
      failsWith('BAD_REQUEST', /row 1 must be an array of 4 values like row 0; got 3 values/, { row: 1 }),
    )
    assert.throws(
      () => decodeV1({ instances: [[1, 2, 3, [4]]] }, LOGREG_SIGNATURE),
      failsWith('BAD_REQUEST', /row 0 holds an array at position 3/, { row: 0 }),
    )
    assert.throws(
      () => decodeV1({ instances: [41] }, CHURN_SIGNATURE),
      failsWith('BAD_REQUEST', /instances\[0\] is a number; rows are objects of column values, or arrays/, {
        row: 0,
      }),
    )
  })
})
