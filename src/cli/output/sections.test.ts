import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { entriesByKey, indent, renderSection } from './sections.js'

describe('renderSection', () => {
  it('indents the table under its title, or says none', () => {
    const columns = [{ header: 'KEY' }, { header: 'VALUE' }]
    assert.equal(renderSection('params', columns, [['lr', '0.1']]), 'params:\n  KEY  VALUE\n  lr   0.1\n')
    assert.equal(renderSection('params', columns, []), 'params: none\n')
  })
})

describe('indent', () => {
  it('leaves empty lines empty', () => {
    assert.equal(indent('a\n\nb\n'), '  a\n\n  b\n')
  })
})

describe('entriesByKey', () => {
  it('sorts entries by key', () => {
    assert.deepEqual(entriesByKey({ b: 2, a: 1 }), [
      ['a', 1],
      ['b', 2],
    ])
  })
})
