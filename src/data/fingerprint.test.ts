import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Random } from '../shared/index.js'
import { Dataset } from './dataset.js'
import { FINGERPRINT_FORMAT, fingerprintDataset } from './fingerprint.js'
import { readDataset } from './loading/index.js'
import { duckdb, tempFiles } from './loading/testing/temp-files.js'

const files = tempFiles()
after(() => files.remove())

function numeric(name: string, values: readonly number[]): Dataset {
  return Dataset.fromColumns([{ name, type: 'numeric', values: Float64Array.from(values) }])
}

describe('fingerprintDataset', () => {
  const csvPath = files.path('same.csv')
  const parquetPath = files.path('same.parquet')
  before(async () => {
    // Values exact in binary, so CSV text and Parquet doubles are the same numbers.
    const rng = new Random(11)
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const amount = i % 97 === 0 ? '' : String(rng.nextInt(100_000) / 8)
      const city = i % 13 === 0 ? '' : ['Oslo', 'Rome', 'Lima'][rng.nextInt(3)]
      return `${i},${amount},${city},${i % 2 === 0},2024-01-${String((i % 28) + 1).padStart(2, '0')}`
    })
    files.write('same.csv', `id,amount,city,paid,day\n${rows.join('\n')}\n`)
    await duckdb(
      `COPY (SELECT id::DOUBLE AS id, amount, city, paid, day FROM read_csv('${csvPath}', nullstr = [''], types = {'amount': 'DOUBLE'})
         ORDER BY id) TO '${parquetPath}' (FORMAT parquet)`,
    )
  })

  it('gives the same fingerprint for the same data loaded from CSV and from Parquet', async () => {
    const fromCsv = await readDataset({ path: csvPath })
    const fromParquet = await readDataset({ path: parquetPath })
    assert.deepEqual(fromCsv.schema, fromParquet.schema)
    assert.equal(fingerprintDataset(fromCsv.dataset), fingerprintDataset(fromParquet.dataset))
    assert.match(fingerprintDataset(fromCsv.dataset), /^[0-9a-f]{64}$/)
  })

  it('changes when one value changes', async () => {
    const original = await readDataset({ path: csvPath })
    const text = files.write(
      'changed.csv',
      (await import('node:fs')).readFileSync(csvPath, 'utf8').replace('\n4999,', '\n4998,'),
    )
    const changed = await readDataset({ path: text })
    assert.notEqual(fingerprintDataset(original.dataset), fingerprintDataset(changed.dataset))
  })

  it('ignores dictionary order and unused dictionary entries, but not the values', () => {
    const a = Dataset.fromColumns([
      { name: 'c', type: 'categorical', codes: Int32Array.of(0, 1, -1, 0), dictionary: ['x', 'y'] },
    ])
    const b = Dataset.fromColumns([
      { name: 'c', type: 'categorical', codes: Int32Array.of(2, 0, -1, 2), dictionary: ['y', 'unused', 'x'] },
    ])
    const c = Dataset.fromColumns([
      { name: 'c', type: 'categorical', codes: Int32Array.of(0, 1, 1, 0), dictionary: ['x', 'y'] },
    ])
    assert.equal(fingerprintDataset(a), fingerprintDataset(b))
    assert.notEqual(fingerprintDataset(a), fingerprintDataset(c))
  })

  it('treats every NaN as the same missing value, and float32 values as the float64 they are', () => {
    const bits = new Float64Array(2)
    new Uint32Array(bits.buffer).set([1, 0x7ff8_0000, 0xdead, 0xfff0_0000 | 0x1234])
    assert.ok(Number.isNaN(bits[0]) && Number.isNaN(bits[1]))
    const odd = Dataset.fromColumns([{ name: 'v', type: 'numeric', values: bits }])
    assert.equal(fingerprintDataset(odd), fingerprintDataset(numeric('v', [Number.NaN, Number.NaN])))

    const f32 = Dataset.fromColumns([
      { name: 'v', type: 'numeric', values: Float32Array.of(0.5, -2, Number.NaN) },
    ])
    assert.equal(fingerprintDataset(f32), fingerprintDataset(numeric('v', [0.5, -2, Number.NaN])))
  })

  it('depends on names, types, column order, infinities and missing text', () => {
    const base = fingerprintDataset(numeric('v', [1, 2]))
    assert.notEqual(base, fingerprintDataset(numeric('w', [1, 2])))
    assert.notEqual(base, fingerprintDataset(numeric('v', [2, 1])))
    assert.notEqual(
      fingerprintDataset(numeric('v', [Infinity])),
      fingerprintDataset(numeric('v', [Number.NaN])),
    )
    const asDatetime = Dataset.fromColumns([{ name: 'v', type: 'datetime', values: Float64Array.of(1, 2) }])
    assert.notEqual(base, fingerprintDataset(asDatetime))
    const ab = Dataset.fromColumns([...numeric('a', [1]).columns, ...numeric('b', [1]).columns])
    assert.notEqual(fingerprintDataset(ab), fingerprintDataset(ab.select(['b', 'a'])))
    const text = (values: (string | null)[]) =>
      fingerprintDataset(Dataset.fromColumns([{ name: 't', type: 'text', values }]))
    assert.notEqual(text(['', 'a']), text([null, 'a']))
    assert.notEqual(text(['ab', 'c']), text(['a', 'bc']))
    assert.equal(text(['x'.repeat(100_000), 'é']), text(['x'.repeat(100_000), 'é']))
  })

  it('hashes the documented canonical form', () => {
    // One boolean column [1, -1]: tag, rows, columns, name, type, then the raw bytes.
    const u32 = (n: number) => Buffer.from(Uint32Array.of(n).buffer)
    const text = (s: string) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)])
    const expected = createHash('sha256')
      .update(
        Buffer.concat([
          text(FINGERPRINT_FORMAT),
          u32(2),
          u32(1),
          text('ok'),
          text('boolean'),
          Buffer.from([1, 0xff]),
        ]),
      )
      .digest('hex')
    const dataset = Dataset.fromColumns([{ name: 'ok', type: 'boolean', values: Int8Array.of(1, -1) }])
    assert.equal(fingerprintDataset(dataset), expected)
  })
})
