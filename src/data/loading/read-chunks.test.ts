import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { valueAt } from '../column.js'
import type { Dataset } from '../dataset.js'
import type { LoadReport } from './load-types.js'
import { describeSource, readDatasetChunks } from './read-chunks.js'
import { readDataset } from './read-dataset.js'
import { duckdb, tempFiles } from './testing/temp-files.js'

const files = tempFiles()
after(() => files.remove())

const ROWS = 5000
// Numbers with missing values, a category, booleans, timestamps and an id too varied to be a category.
const MIXED = `SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5 END AS x, 'c' || (i % 4) AS color,
  i % 3 = 0 AS flag, TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS at, 'id' || i AS id
  FROM range(${ROWS}) t(i)`
const paths = {
  csv: files.path('mixed.csv'),
  parquet: files.path('mixed.parquet'),
  jsonl: files.path('mixed.jsonl'),
}

before(async () => {
  await duckdb(
    `COPY (${MIXED}) TO '${paths.parquet}' (FORMAT parquet);
     COPY (${MIXED}) TO '${paths.csv}' (HEADER);
     COPY (${MIXED}) TO '${paths.jsonl}' (FORMAT json)`,
  )
})

async function collect(chunks: AsyncIterable<Dataset>): Promise<Dataset[]> {
  const all: Dataset[] = []
  for await (const chunk of chunks) all.push(chunk)
  return all
}

function rowsOf(datasets: readonly Dataset[]): unknown[][] {
  return datasets.flatMap((d) =>
    Array.from({ length: d.rowCount }, (_, i) => d.columns.map((c) => valueAt(c, i))),
  )
}

describe('readDatasetChunks', () => {
  for (const format of ['csv', 'parquet', 'jsonl'] as const) {
    it(`gives ${format} in chunks of exactly chunkRows rows that add up to readDataset's dataset`, async () => {
      const path = paths[format]
      const whole = (await readDataset({ path })).dataset
      // 3000 is no multiple of DuckDB's 2048-row vectors: chunks end inside them.
      const chunks = await collect(readDatasetChunks({ path }, { chunkRows: 3000 }))
      assert.deepEqual(
        chunks.map((c) => c.rowCount),
        [3000, 2000],
      )
      const types = (d: Dataset) => d.columns.map((c) => c.type)
      assert.deepEqual(types(whole), ['numeric', 'categorical', 'boolean', 'datetime', 'text'])
      for (const chunk of chunks) assert.deepEqual(types(chunk), types(whole))
      assert.deepEqual(rowsOf(chunks), rowsOf([whole]))
    })
  }

  it('types text columns by the first chunk, and reads a column empty there as text', async () => {
    const path = files.path('late.parquet')
    await duckdb(
      `COPY (SELECT CASE WHEN i < 100 THEN NULL ELSE 'note ' || i END AS note,
         CASE WHEN i < 100 THEN 'a' ELSE 'b' || i END AS code FROM range(300) t(i)) TO '${path}' (FORMAT parquet)`,
    )
    let report: LoadReport | undefined
    const chunks = await collect(
      readDatasetChunks({ path }, { chunkRows: 100, onReport: (r) => (report = r) }),
    )
    assert.equal(chunks.length, 3)
    for (const chunk of chunks) {
      assert.equal(chunk.column('note').type, 'text')
      // One distinct value in the first chunk: categorical, even where later chunks hold 100 distinct.
      assert.equal(chunk.column('code').type, 'categorical')
    }
    assert.equal(valueAt(chunks[0]!.column('note'), 0), null)
    assert.equal(valueAt(chunks[2]!.column('note'), 99), 'note 299')
    assert.equal(valueAt(chunks[1]!.column('code'), 5), 'b105')
    assert.deepEqual(report?.notes, ["column 'note' has no value in the first chunk; read as text"])
    assert.equal(report?.rowsRead, 300)
  })

  it('fails on a bad value in a later chunk, naming the whole-source row and the column', async () => {
    const path = files.path('bad-value.parquet')
    await duckdb(
      `COPY (SELECT CASE WHEN i = 4321 THEN 'oops' ELSE i::VARCHAR END AS n FROM range(${ROWS}) t(i))
       TO '${path}' (FORMAT parquet)`,
    )
    const seen: number[] = []
    await assert.rejects(
      (async () => {
        for await (const chunk of readDatasetChunks({ path }, { chunkRows: 1000, types: { n: 'numeric' } })) {
          seen.push(chunk.rowCount)
        }
      })(),
      {
        code: 'INVALID_PARAMETER_VALUE',
        message: /bad-value\.parquet row 4322, column 'n': 'oops' is not a number/,
      },
    )
    assert.deepEqual(seen, [1000, 1000, 1000, 1000])
  })

  it('fails on an unreadable CSV line once the scan ends, naming the line; drop leaves it out and reports it', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => (i === 2500 ? `${i},x,extra` : `${i},x`))
    const path = files.write('ragged.csv', `n,s\n${lines.join('\n')}\n`)
    await assert.rejects(collect(readDatasetChunks({ path }, { chunkRows: 1000 })), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /ragged\.csv line 2502: expected 2 columns, found 3/,
    })
    let report: LoadReport | undefined
    const chunks = await collect(
      readDatasetChunks({ path }, { chunkRows: 1000, badRows: 'drop', onReport: (r) => (report = r) }),
    )
    assert.deepEqual(
      chunks.map((c) => c.rowCount),
      [1000, 1000, 999],
    )
    assert.equal(report?.rowsDropped, 1)
    assert.equal(report?.droppedExamples[0]?.line, 2502)
  })

  it('gives one empty chunk with the columns for a source without rows', async () => {
    const path = files.write('header-only.csv', 'a,b\n')
    const chunks = await collect(readDatasetChunks({ path }))
    assert.equal(chunks.length, 1)
    assert.equal(chunks[0]!.rowCount, 0)
    assert.deepEqual(chunks[0]!.columnNames, ['a', 'b'])
  })

  it('releases the scan when the consumer stops early', async () => {
    for await (const chunk of readDatasetChunks({ path: paths.parquet }, { chunkRows: 10 })) {
      assert.equal(chunk.rowCount, 10)
      break
    }
    const chunks = await collect(readDatasetChunks({ path: paths.parquet }, { chunkRows: ROWS }))
    assert.equal(chunks.length, 1)
  })

  it('refuses a chunk size that is not a positive integer', async () => {
    for (const chunkRows of [0, 1.5, -3]) {
      await assert.rejects(collect(readDatasetChunks({ path: paths.csv }, { chunkRows })), {
        code: 'INVALID_PARAMETER_VALUE',
        message: /^chunkRows:/,
      })
    }
  })
})

describe('describeSource', () => {
  it('names the columns (derived ones last) and estimates the rows without reading them', async () => {
    const parquet = await describeSource(
      { path: paths.parquet },
      { derived: [{ name: 'twice', sql: 'x * 2' }] },
    )
    assert.deepEqual(parquet, {
      label: paths.parquet,
      columns: ['x', 'color', 'flag', 'at', 'id', 'twice'],
      rowCountHint: ROWS,
    })
    const csv = await describeSource({ path: paths.csv })
    assert.ok(Math.abs(csv.rowCountHint! - ROWS) < ROWS * 0.05, String(csv.rowCountHint))
  })
})
