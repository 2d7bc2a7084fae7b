import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { renderFields, renderTable } from './table.js'

describe('renderTable', () => {
  it('pads columns to their widest cell, right-aligns where asked and trims line ends', () => {
    const text = renderTable(
      [{ header: 'NAME' }, { header: 'VALUE', align: 'right' }, { header: 'NOTE' }],
      [
        ['learning_rate', '0.1', ''],
        ['lr', '12.25', 'x'],
      ],
    )
    assert.equal(text, 'NAME           VALUE  NOTE\nlearning_rate    0.1\nlr             12.25  x\n')
  })

  it('counts code points, so wide names do not shift later columns', () => {
    const lines = renderTable(
      [{ header: 'A' }, { header: 'B' }],
      [
        ['🚀x', '1'],
        ['ab', '2'],
      ],
    ).split('\n')
    assert.deepEqual(lines.slice(0, 3), ['A   B', '🚀x  1', 'ab  2'])
  })

  it('pads short rows with empty cells and renders a header alone for no rows', () => {
    assert.equal(renderTable([{ header: 'A' }, { header: 'B' }], [['only']]), 'A     B\nonly\n')
    assert.equal(renderTable([{ header: 'A' }], []), 'A\n')
  })
})

describe('renderFields', () => {
  it('lines values up after the longest key', () => {
    assert.equal(
      renderFields([
        ['run id', 'abc'],
        ['status', 'FINISHED'],
        ['artifact uri', 'file:///x'],
      ]),
      'run id:        abc\nstatus:        FINISHED\nartifact uri:  file:///x\n',
    )
  })
})
