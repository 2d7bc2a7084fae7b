import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Dataset, readDataset, valueAt } from '../../data/index.js'
import { openChunkWriter } from './open-chunk-writer.js'

const dir = mkdtempSync(join(tmpdir(), 'shipyard-chunk-writer-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function chunk(from: number, rows: number): Dataset {
  return Dataset.fromColumns([
    {
      name: 'n',
      type: 'numeric',
      values: Float64Array.from({ length: rows }, (_, i) => (i === 1 ? Number.NaN : from + i)),
    },
    { name: 'ok', type: 'boolean', values: Int8Array.from({ length: rows }, (_, i) => [1, 0, -1][i % 3]!) },
    {
      name: 'at',
      type: 'datetime',
      values: Float64Array.from({ length: rows }, (_, i) => Date.UTC(2024, 0, 1) + (from + i) * 1001),
    },
    {
      name: 'k',
      type: 'categorical',
      codes: Int32Array.from({ length: rows }, (_, i) => (i % 3) - 1),
      dictionary: ['a', 'b'],
    },
    {
      name: 's',
      type: 'text',
      values: Array.from({ length: rows }, (_, i) => (i === 2 ? null : `say "${from + i}", then\nstop`)),
    },
  ])
}

function rows(data: Dataset): unknown[][] {
  return Array.from({ length: data.rowCount }, (_, i) => data.columns.map((c) => valueAt(c, i)))
}

describe('openChunkWriter', () => {
  for (const format of ['csv', 'jsonl', 'parquet'] as const) {
    it(`writes ${format} chunks in order, each type and missing value read back as it was`, async () => {
      const path = join(dir, `out.${format}`)
      const writer = await openChunkWriter(path)
      assert.equal(writer.format, format)
      for (const from of [0, 3000, 6000]) await writer.write(chunk(from, 3000))
      await writer.commit()
      // Text formats carry no types: say them, as a reader of the file would.
      const back = await readDataset(
        { path },
        { types: { k: 'categorical', s: 'text', ok: 'boolean', at: 'datetime' } },
      )
      const expected = [chunk(0, 3000), chunk(3000, 3000), chunk(6000, 3000)].flatMap(rows)
      assert.deepEqual(rows(back.dataset), expected)
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.includes('shipyard-')),
        [],
      )
    })
  }

  it('refuses a chunk whose columns differ from the first, and abort leaves nothing', async () => {
    const path = join(dir, 'mixed.csv')
    const writer = await openChunkWriter(path)
    await writer.write(chunk(0, 10))
    await assert.rejects(writer.write(chunk(0, 10).drop(['s'])), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /^chunk: has columns .*; the first chunk had .*"s" VARCHAR/,
    })
    await writer.abort()
    await writer.abort()
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.startsWith('.mixed') || n === 'mixed.csv'),
      [],
    )
    await assert.rejects(writer.write(chunk(0, 10)), { message: /committed or aborted/ })
  })

  it('writes the CSV header once', async () => {
    const path = join(dir, 'header.csv')
    const writer = await openChunkWriter(path)
    await writer.write(chunk(0, 2).select(['n']))
    await writer.write(chunk(2, 2).select(['n']))
    await writer.commit()
    assert.equal(readFileSync(path, 'utf8'), 'n\n0.0\n\n2.0\n\n')
  })
})
