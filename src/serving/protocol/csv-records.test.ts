import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { csvRecords } from './csv-records.js'
import { failsWith } from './testing/signatures.js'

describe('csvRecords', () => {
  it('splits fields, reads quoted ones with commas, doubled quotes and line breaks, and names start lines', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y",""\n\n2,"say ""hi""","two\nlines"\n3,plain"quote,\n'
    assert.deepEqual(csvRecords(text), [
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', 'x, y', ''], line: 2 },
      { fields: ['2', 'say "hi"', 'two\nlines'], line: 4 },
      { fields: ['3', 'plain"quote', ''], line: 6 },
    ])
  })

  it('reads a last line without a line end, and empty fields', () => {
    assert.deepEqual(csvRecords('a,b\n,2'), [
      { fields: ['a', 'b'], line: 1 },
      { fields: ['', '2'], line: 2 },
    ])
    assert.deepEqual(csvRecords(''), [])
  })

  it('refuses a quote left open or text after a closing quote, naming the line', () => {
    assert.throws(
      () => csvRecords('a,b\n1,2\n3,"open\n4,5\n'),
      failsWith('BAD_REQUEST', /line 3: a quoted field is never closed/, { line: 3 }),
    )
    assert.throws(
      () => csvRecords('a,b\n1,"x"y\n'),
      failsWith('BAD_REQUEST', /line 2: text after a closing quote/, { line: 2 }),
    )
  })
})
