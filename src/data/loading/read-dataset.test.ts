import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
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

function csv(name: string, header: string, rows: readonly string[]): string {
  return files.write(name, `${header}\n${rows.join('\n')}\n`)
}

describe('type inference', () => {
  it('tells categorical from text by distinct count and repetition', async () => {
    const rng = new Random(7)
    const rows = Array.from({ length: 400 }, (_, i) => `c${rng.nextInt(30)},id${i},s${i % 150}`)
    const path = csv('infer.csv', 'color,id,shade', rows)
    const inferred = await readDataset({ path })
    // 30 repeating values: categorical; 400 distinct of 400: text; 150 distinct of 400: categorical.
    assert.deepEqual(
      inferred.schema.columns.map((c) => c.type),
      ['categorical', 'text', 'categorical'],
    )
    const lowered = await readDataset({ path }, { categoricalMaxDistinct: 100 })
    assert.deepEqual(
      lowered.schema.columns.map((c) => c.type),
      ['categorical', 'text', 'text'],
    )
    assert.deepEqual(values(lowered.dataset, 'shade').slice(0, 3), ['s0', 's1', 's2'])
  })

  it('switches a column to text once it passes the distinct limit, keeping every value', async () => {
    const path = files.path('many.parquet')
    await duckdb(
      `COPY (SELECT 'v' || (i % 5000)::VARCHAR AS s FROM range(20000) t(i)) TO '${path}' (FORMAT parquet)`,
    )
    const { dataset } = await readDataset({ path }, { categoricalMaxDistinct: 1000 })
    const s = dataset.column('s')
    assert.equal(s.type, 'text')
    assert.equal(values(dataset, 's')[19_999], 'v4999')
    assert.equal(new Set(values(dataset, 's')).size, 5000)
  })

  it('refuses a bad categoricalMaxDistinct', async () => {
    const path = csv('one.csv', 'a', ['1'])
    await assert.rejects(readDataset({ path }, { categoricalMaxDistinct: -1 }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /^categoricalMaxDistinct:/,
    })
  })
})

describe('type overrides', () => {
  it('keeps the text of numbers read as categorical (leading zeros survive)', async () => {
    const path = csv('zips.csv', 'zip,n', ['01234,1', '98765,2', '01234,3'])
    const { dataset } = await readDataset({ path }, { types: { zip: 'categorical', n: 'text' } })
    assert.deepEqual(values(dataset, 'zip'), ['01234', '98765', '01234'])
    assert.deepEqual(values(dataset, 'n'), ['1', '2', '3'])
  })

  it('reads text as datetimes (offsets honoured, UTC otherwise) and booleans', async () => {
    const path = csv('texts.csv', 'when,flag', [
      '2024-01-02T03:04:05+02:00,yes',
      '2024-01-02 03:04:05,no',
      ',true',
    ])
    const { dataset } = await readDataset({ path }, { types: { when: 'datetime', flag: 'boolean' } })
    assert.deepEqual(values(dataset, 'when'), [
      Date.UTC(2024, 0, 2, 1, 4, 5),
      Date.UTC(2024, 0, 2, 3, 4, 5),
      null,
    ])
    assert.deepEqual(values(dataset, 'flag'), [true, false, true])
  })

  it('converts between typed columns: booleans and datetimes to numbers, epoch ms to datetimes', async () => {
    const path = files.path('typed.parquet')
    await duckdb(
      `COPY (SELECT * FROM (VALUES (true, TIMESTAMP '2024-01-02 00:00:00', 1704153600000.0, 2.0),
         (false, NULL, NULL, 0.0), (NULL, TIMESTAMP '1970-01-01 00:00:01', 'nan'::DOUBLE, 'nan'::DOUBLE)) AS t(b, ts, ms, n)) TO '${path}' (FORMAT parquet)`,
    )
    const { dataset } = await readDataset(
      { path },
      { types: { b: 'numeric', ts: 'numeric', ms: 'datetime', n: 'boolean' } },
    )
    assert.deepEqual(values(dataset, 'b'), [1, 0, null])
    assert.deepEqual(values(dataset, 'ts'), [Date.UTC(2024, 0, 2), null, 1000])
    assert.deepEqual(values(dataset, 'ms'), [Date.UTC(2024, 0, 2), null, null])
    assert.deepEqual(values(dataset, 'n'), [true, false, null])
  })

  it('refuses an override to an unknown column or type, and a conversion that makes no sense', async () => {
    const path = csv('o.csv', 'a,b', ['1,2024-01-01'])
    await assert.rejects(readDataset({ path }, { types: { c: 'numeric' } }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /^types\.c: there is no column 'c'; the columns are 'a', 'b'/,
    })
    await assert.rejects(readDataset({ path }, { types: { a: 'float' as never } }), {
      message: /^types\.a: 'float' is not a column type/,
    })
    await assert.rejects(readDataset({ path }, { types: { b: 'boolean' } }), {
      message: /^types\.b: column 'b' holds timestamps and cannot be read as boolean/,
    })
  })
})

describe('bad rows across chunks', () => {
  it('drops exactly the bad rows, wherever they fall among 2048-row chunks', async () => {
    const bad = new Set([0, 2047, 2048, 5000, 9999])
    const rows = Array.from({ length: 10_000 }, (_, i) => (bad.has(i) ? `${i},x${i}` : `${i},${i * 0.5}`))
    const path = files.path('chunks.parquet')
    const source = csv('chunks.csv', 'i,v', rows)
    await duckdb(
      `COPY (SELECT * FROM read_csv('${source}', all_varchar = true)) TO '${path}' (FORMAT parquet)`,
    )
    const { dataset, report } = await readDataset(
      { path },
      { types: { i: 'numeric', v: 'numeric' }, badRows: 'drop' },
    )
    assert.equal(dataset.rowCount, 10_000 - bad.size)
    assert.equal(report.rowsRead, 10_000)
    assert.equal(report.rowsDropped, bad.size)
    assert.deepEqual(
      report.droppedExamples.map((e) => e.row),
      [1, 2048, 2049, 5001, 10000],
    )
    const i = dataset.column('i')
    const v = dataset.column('v')
    assert.ok(i.type === 'numeric' && v.type === 'numeric')
    for (let r = 0; r < dataset.rowCount; r++) assert.equal(v.values[r], i.values[r]! * 0.5)
    assert.ok(!i.values.some((x) => bad.has(x)))
  })

  it('fails on the first bad value of a derived column overridden to a type', async () => {
    const path = csv('d.csv', 'a', ['1', '2', '3'])
    await assert.rejects(
      readDataset(
        { path },
        {
          derived: [{ name: 'word', sql: "CASE WHEN a = 2 THEN 'two' ELSE CAST(a AS VARCHAR) END" }],
          types: { word: 'numeric' },
        },
      ),
      { code: 'INVALID_PARAMETER_VALUE', message: /d\.csv row 2, column 'word': 'two' is not a number/ },
    )
  })

  it('stops cleanly on a bad value in the first of many chunks, with the next chunk being fetched', async () => {
    const path = csv(
      'many.csv',
      'a',
      Array.from({ length: 20_000 }, (_, i) => String(i + 1)),
    )
    const options = {
      derived: [{ name: 'word', sql: "CASE WHEN a = 5 THEN 'five' ELSE CAST(a AS VARCHAR) END" }],
      types: { word: 'numeric' as const },
    }
    await assert.rejects(readDataset({ path }, options), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /many\.csv row 5, column 'word': 'five' is not a number/,
    })
    const { dataset, report } = await readDataset({ path }, { ...options, badRows: 'drop' })
    assert.equal(dataset.rowCount, 19_999)
    assert.equal(report.rowsDropped, 1)
  })
})

describe('the result', () => {
  it("has the dataset's own schema (nullability from the data), across every column type", async () => {
    const path = csv('schema.csv', 'n,m,b,d,c,t,e', [
      '1,,true,2024-01-01,x,u1,',
      '2,3,,2024-01-02,y,u2,',
      '3,4,false,,x,,',
    ])
    const { dataset, schema } = await readDataset({ path }, { types: { t: 'text' } })
    assert.deepEqual(schema, dataset.schema)
    assert.deepEqual(
      schema.columns.map((c) => c.nullable),
      [false, true, true, true, false, true, true],
    )
  })

  it('finds a missing value wherever it is: only the last row, or every row', async () => {
    const path = csv('nan-late.csv', 'late,none,all', ['1,1,', '2,2,', ',3,'])
    const { schema } = await readDataset({ path })
    assert.deepEqual(
      schema.columns.map((c) => [c.name, c.nullable]),
      [
        ['late', true],
        ['none', false],
        ['all', true],
      ],
    )
  })
})

describe('options and sources', () => {
  it('validates options, naming the field', async () => {
    const path = csv('v.csv', 'a', ['1'])
    await assert.rejects(readDataset({ path }, { badRows: 'skip' as never }), {
      message: /^badRows: 'skip' is not a policy/,
    })
    await assert.rejects(readDataset({ path }, { float32: 'yes' as never }), { message: /^float32:/ })
    await assert.rejects(readDataset({ path }, { derived: [{ name: '', sql: '1' }] }), {
      message: /^derived\[0\]\.name/,
    })
    await assert.rejects(readDataset({ path }, { derived: [{ name: 'x', sql: ' ' }] }), {
      message: /^derived\.x/,
    })
  })

  it('needs a format it can tell', async () => {
    const path = files.write('data.bin', 'a\n1\n')
    await assert.rejects(readDataset({ path }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /cannot tell the format of '.*data\.bin'/,
    })
    const { dataset } = await readDataset({ path, format: 'csv' })
    assert.deepEqual(values(dataset, 'a'), [1])
  })

  it('runs loads concurrently, each in its own database', async () => {
    const a = csv('ca.csv', 'x', ['1', '2'])
    const b = csv('cb.csv', 'y', ['3'])
    const [ra, rb] = await Promise.all([readDataset({ path: a }), readDataset({ path: b })])
    assert.deepEqual(values(ra.dataset, 'x'), [1, 2])
    assert.deepEqual(values(rb.dataset, 'y'), [3])
  })
})
