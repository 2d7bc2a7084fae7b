import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { valueAt } from '../column.js'
import type { Dataset } from '../dataset.js'
import { readDataset } from './read-dataset.js'
import { tempFiles } from './testing/temp-files.js'

const files = tempFiles()
after(() => files.remove())

function values(dataset: Dataset, name: string): unknown[] {
  const column = dataset.column(name)
  return Array.from({ length: dataset.rowCount }, (_, i) => valueAt(column, i))
}

describe('JSON lines loading', () => {
  it('reads one object per line, keys as columns, missing keys as missing', async () => {
    const path = files.write(
      'events.jsonl',
      [
        '{"user":"ann","amount":12.5,"ok":true,"at":"2024-01-02T03:04:05Z"}',
        '{"user":"bob","amount":null,"ok":false}',
        '{"user":"ann","amount":-1,"at":"2024-01-03T00:00:00Z"}',
        '',
      ].join('\n'),
    )
    const { dataset, schema } = await readDataset({ path })
    assert.deepEqual(
      schema.columns.map((c) => [c.name, c.type]),
      [
        ['user', 'categorical'],
        ['amount', 'numeric'],
        ['ok', 'boolean'],
        ['at', 'datetime'],
      ],
    )
    assert.deepEqual(values(dataset, 'amount'), [12.5, null, -1])
    assert.deepEqual(values(dataset, 'ok'), [true, false, null])
    assert.deepEqual(values(dataset, 'at'), [Date.UTC(2024, 0, 2, 3, 4, 5), null, Date.UTC(2024, 0, 3)])
  })

  it('reads .ndjson, and a .json file holding an array of records', async () => {
    const nd = await readDataset({ path: files.write('a.ndjson', '{"x":1}\n{"x":2}\n') })
    assert.deepEqual(values(nd.dataset, 'x'), [1, 2])
    const array = await readDataset({ path: files.write('b.json', '[{"x":3},{"x":4}]') })
    assert.deepEqual(values(array.dataset, 'x'), [3, 4])
  })

  it('reads nested values and mixed-type keys as their text, and notes it', async () => {
    const path = files.write(
      'nested.jsonl',
      '{"n":{"k":1},"m":1}\n{"n":{"k":2},"m":"x"}\n{"n":null,"m":true}\n',
    )
    const { dataset, report } = await readDataset({ path }, { types: { n: 'text', m: 'text' } })
    assert.deepEqual(values(dataset, 'n'), ['{"k":1}', '{"k":2}', null])
    assert.deepEqual(values(dataset, 'm'), ['1', 'x', 'true'])
    assert.deepEqual(report.notes, [])
    const inferred = await readDataset({ path })
    assert.equal(inferred.report.notes.length, 2)
    assert.match(inferred.report.notes[0]!, /column 'n' is STRUCT.* in the source; read as JSON text/)
    assert.match(inferred.report.notes[1]!, /column 'm' holds JSON values of mixed types; read as their text/)
  })

  it('fails on a malformed line, naming the file and line', async () => {
    const path = files.write('broken.jsonl', '{"a":1}\n{"a":2}\n{"a":}\n{"a":4}\n')
    await assert.rejects(readDataset({ path }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /broken\.jsonl line 3: malformed JSON/,
    })
    const first = files.write('broken-first.jsonl', 'not json\n{"a":2}\n')
    await assert.rejects(readDataset({ path: first }, { badRows: 'drop' }), {
      message: /broken-first\.jsonl line 1: malformed JSON/,
    })
  })

  it('fails on a value after the sample that breaks the detected type, naming the line', async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => `{"a":${i}}`)
    lines.push('{"a":"x"}')
    const path = files.write('late.jsonl', `${lines.join('\n')}\n`)
    await assert.rejects(readDataset({ path }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /late\.jsonl line 25001: .*"x"/,
    })
  })

  it('fails on a value that does not convert to the overridden type, naming the row', async () => {
    const path = files.write('mixed.jsonl', '{"v":"1"}\n{"v":"2"}\n{"v":"two"}\n')
    await assert.rejects(readDataset({ path }, { types: { v: 'numeric' } }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /mixed\.jsonl row 3, column 'v': 'two' is not a number/,
    })
  })

  it('keeps a key that is always null as a numeric column, noted', async () => {
    const path = files.write('nulls.jsonl', '{"a":1,"gone":null}\n{"a":2,"gone":null}\n')
    const { dataset, report } = await readDataset({ path })
    assert.equal(dataset.column('gone').type, 'numeric')
    assert.deepEqual(values(dataset, 'gone'), [null, null])
    assert.deepEqual(report.notes, ["column 'gone' is entirely null; typed numeric"])
  })

  it('refuses an empty or missing file', async () => {
    await assert.rejects(readDataset({ path: files.write('empty.jsonl', '') }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /is empty/,
    })
    await assert.rejects(readDataset({ path: files.path('gone.jsonl') }), {
      code: 'RESOURCE_DOES_NOT_EXIST',
      message: /gone\.jsonl/,
    })
  })
})
