import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { ShipyardError } from '../../shared/index.js'
import { valueAt } from '../column.js'
import type { Dataset } from '../dataset.js'
import { readDataset } from './read-dataset.js'
import { duckdb, tempFiles } from './testing/temp-files.js'

const files = tempFiles()
after(() => files.remove())

function values(dataset: Dataset, name: string): unknown[] {
  const column = dataset.column(name)
  return Array.from({ length: dataset.rowCount }, (_, i) => valueAt(column, i))
}

describe('Parquet loading', () => {
  const typed = files.path('typed.parquet')
  before(async () => {
    await duckdb(
      `COPY (SELECT * FROM (VALUES
         (1::TINYINT, 10::BIGINT, 1.5::FLOAT, 2.25::DECIMAL(10,2), 'a', true, DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.678', TIMESTAMPTZ '2024-01-02 03:04:05+02', 'nan'::DOUBLE),
         (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'inf'::DOUBLE),
         (3, -7, -0.5, 1.00, 'a', false, DATE '1969-12-31', TIMESTAMP '1970-01-01 00:00:00', NULL, '-inf'::DOUBLE),
         (4, 8, 3, 0.5, 'b', true, DATE '2000-02-29', TIMESTAMP '2000-02-29 12:00:00', NULL, 2.5)
       ) AS t(tiny, big, f, dec, s, flag, d, ts, tstz, special)) TO '${typed}' (FORMAT parquet)`,
    )
  })

  it('maps every Parquet type to a Shipyard type, NULL to missing', async () => {
    const { dataset, schema, report } = await readDataset({ path: typed })
    assert.deepEqual(
      schema.columns.map((c) => [c.name, c.type, c.nullable]),
      [
        ['tiny', 'numeric', false],
        ['big', 'numeric', true],
        ['f', 'numeric', true],
        ['dec', 'numeric', true],
        ['s', 'categorical', true],
        ['flag', 'boolean', true],
        ['d', 'datetime', true],
        ['ts', 'datetime', true],
        ['tstz', 'datetime', true],
        ['special', 'numeric', true],
      ],
    )
    assert.deepEqual(values(dataset, 'big'), [10, null, -7, 8])
    assert.deepEqual(values(dataset, 'dec'), [2.25, null, 1, 0.5])
    assert.deepEqual(values(dataset, 'flag'), [true, null, false, true])
    assert.deepEqual(values(dataset, 'd'), [
      Date.UTC(2024, 0, 2),
      null,
      Date.UTC(1969, 11, 31),
      Date.UTC(2000, 1, 29),
    ])
    assert.deepEqual(values(dataset, 'ts')[0], Date.UTC(2024, 0, 2, 3, 4, 5, 678))
    assert.deepEqual(values(dataset, 'tstz')[0], Date.UTC(2024, 0, 2, 1, 4, 5))
    assert.deepEqual(values(dataset, 'special'), [null, Infinity, -Infinity, 2.5])
    assert.equal(report.rowsRead, 4)
  })

  it('stores numbers as Float64Array, or Float32Array with float32 (datetimes stay float64)', async () => {
    const wide = await readDataset({ path: typed })
    const narrow = await readDataset({ path: typed }, { float32: true })
    const f64 = wide.dataset.column('f')
    const f32 = narrow.dataset.column('f')
    assert.ok(f64.type === 'numeric' && f64.values instanceof Float64Array)
    assert.ok(f32.type === 'numeric' && f32.values instanceof Float32Array)
    assert.deepEqual([...f32.values], [1.5, Number.NaN, -0.5, 3])
    const ts = narrow.dataset.column('ts')
    assert.ok(ts.type === 'datetime' && ts.values instanceof Float64Array)
    assert.equal(ts.values[0], Date.UTC(2024, 0, 2, 3, 4, 5, 678))
  })

  it('keeps rows in file order across many chunks', async () => {
    const path = files.path('ordered.parquet')
    await duckdb(
      `COPY (SELECT i::DOUBLE AS v, (i % 3)::VARCHAR AS c FROM range(10000) t(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
    )
    const { dataset } = await readDataset({ path })
    const v = dataset.column('v')
    assert.ok(v.type === 'numeric')
    assert.equal(v.values.length, 10000)
    assert.ok(v.values.every((x, i) => x === i))
    const c = dataset.column('c')
    assert.ok(c.type === 'categorical')
    assert.deepEqual(c.dictionary, ['0', '1', '2'])
  })

  it('fails on a string that does not convert to the overridden type, naming row, column and value', async () => {
    const path = files.path('strings.parquet')
    await duckdb(
      `COPY (SELECT * FROM (VALUES ('1.5'), ('2'), ('n/a?'), (NULL)) AS t(amount)) TO '${path}' (FORMAT parquet)`,
    )
    const error = await readDataset({ path }, { types: { amount: 'numeric' } }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e as ShipyardError,
    )
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
    assert.match(error.message, /strings\.parquet row 3, column 'amount': 'n\/a\?' is not a number/)
    assert.deepEqual(error.details, { source: path, row: 3, column: 'amount', value: 'n/a?' })

    const dropped = await readDataset({ path }, { types: { amount: 'numeric' }, badRows: 'drop' })
    assert.deepEqual(values(dropped.dataset, 'amount'), [1.5, 2, null])
    assert.equal(dropped.report.rowsDropped, 1)
    assert.deepEqual(dropped.report.droppedExamples, [
      { row: 3, column: 'amount', value: 'n/a?', reason: "'n/a?' is not a number" },
    ])
  })

  it('keeps an entirely null typed column with the type the file declares, and notes it', async () => {
    const path = files.path('nulls.parquet')
    await duckdb(
      `COPY (SELECT i AS id, NULL::BOOLEAN AS flag FROM range(3) t(i)) TO '${path}' (FORMAT parquet)`,
    )
    const { dataset, report } = await readDataset({ path })
    assert.equal(dataset.column('flag').type, 'boolean')
    assert.deepEqual(report.notes, [
      "column 'flag' is entirely null; typed boolean (the source's type, BOOLEAN)",
    ])
  })

  it('reads a glob of files as one dataset', async () => {
    await duckdb(`COPY (SELECT 1.0 AS v) TO '${files.path('part-1.parquet')}' (FORMAT parquet)`)
    await duckdb(`COPY (SELECT 2.0 AS v) TO '${files.path('part-2.parquet')}' (FORMAT parquet)`)
    const { dataset } = await readDataset({ path: files.path('part-*.parquet') })
    assert.deepEqual(values(dataset, 'v').sort(), [1, 2])
  })

  it('names the file when it is missing, empty or not Parquet', async () => {
    const missing = files.path('missing.parquet')
    await assert.rejects(readDataset({ path: missing }), {
      code: 'RESOURCE_DOES_NOT_EXIST',
      message: /missing\.parquet/,
    })
    await assert.rejects(readDataset({ path: files.path('none-*.parquet') }), {
      code: 'RESOURCE_DOES_NOT_EXIST',
    })
    const empty = files.write('empty.parquet', '')
    await assert.rejects(readDataset({ path: empty }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /empty\.parquet is empty/,
    })
    const fake = files.write('fake.parquet', 'a,b\n1,2\n')
    await assert.rejects(readDataset({ path: fake }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /fake\.parquet/,
    })
  })
})
