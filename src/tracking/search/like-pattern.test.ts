import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { likeToGlob } from './like-pattern.js'

describe('likeToGlob', () => {
  it('maps the LIKE wildcards to GLOB wildcards', () => {
    assert.equal(likeToGlob('gb%'), 'gb*')
    assert.equal(likeToGlob('a_c%_'), 'a?c*?')
  })

  it('quotes GLOB metacharacters that are literal in LIKE', () => {
    assert.equal(likeToGlob('a*b?c[d]'), 'a[*]b[?]c[[]d]')
  })

  it('turns escaped wildcards and backslashes into literals', () => {
    assert.equal(likeToGlob('50\\%'), '50%')
    assert.equal(likeToGlob('a\\_b'), 'a_b')
    assert.equal(likeToGlob('a\\\\b'), 'a\\b')
    assert.equal(likeToGlob('\\*'), '[*]')
  })

  it('keeps other characters, Unicode included', () => {
    assert.equal(likeToGlob('Ünïcode-ok ✓'), 'Ünïcode-ok ✓')
  })
})
