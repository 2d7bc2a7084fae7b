import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { estimateLines, extensionOf, formatOf, isGlob } from './data-file.js'

describe('data files', () => {
  it('tells the format from the extension, ignoring case and a compression suffix', () => {
    assert.equal(formatOf('a/tx.CSV', undefined), 'csv')
    assert.equal(formatOf('tx.tsv.gz', undefined), 'csv')
    assert.equal(formatOf('tx.parquet', undefined), 'parquet')
    assert.equal(formatOf('tx.ndjson', undefined), 'jsonl')
    assert.equal(formatOf('tx.json', undefined), 'jsonl')
    assert.equal(formatOf('tx.dat', 'parquet'), 'parquet')
    assert.equal(extensionOf('dir.v2/file'), '')
    assert.throws(() => formatOf('tx', undefined), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /cannot tell the format of 'tx'/,
    })
    assert.throws(() => formatOf('tx.csv', 'xlsx' as never), {
      message: /^format: 'xlsx' is not a file format/,
    })
  })

  it('recognises DuckDB globs', () => {
    assert.ok(isGlob('data/*.parquet'))
    assert.ok(!isGlob('data/tx.parquet'))
  })

  it('estimates lines from the head of a file, a little over', () => {
    const head = Buffer.from('a,b\n1,2\n3,4\n')
    assert.equal(estimateLines({ size: head.length, head }, 'x.csv'), 4)
    const estimate = estimateLines({ size: head.length * 1000, head }, 'x.csv')!
    assert.ok(estimate >= 3000 && estimate <= 3100, String(estimate))
    assert.equal(estimateLines({ size: 100, head }, 'x.csv.gz'), undefined)
  })
})
