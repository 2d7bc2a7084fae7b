import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { notFound, ShipyardError } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { annotateError, EXIT_FAILURE, reportError, underline } from './error-output.js'

function capture(env: Record<string, string> = {}): CliIo & { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  return {
    stdout: {
      write: (text) => {
        out += text
      },
      isTTY: false,
    },
    stderr: {
      write: (text) => {
        err += text
      },
      isTTY: false,
    },
    env,
    out: () => out,
    err: () => err,
  }
}

describe('reportError', () => {
  it('prints one line on stderr and nothing on stdout', () => {
    const io = capture()
    assert.equal(reportError(notFound('run', 'abc'), io, { json: false }), EXIT_FAILURE)
    assert.equal(io.err(), "error: run 'abc' does not exist\n")
    assert.equal(io.out(), '')
  })

  it('prints a JSON error on stderr with --json', () => {
    const io = capture()
    reportError(notFound('run', 'abc'), io, { json: true })
    assert.deepEqual(JSON.parse(io.err()), {
      error: {
        code: 'RESOURCE_DOES_NOT_EXIST',
        message: "run 'abc' does not exist",
        details: { run: 'abc' },
      },
    })
    assert.equal(io.out(), '')
    const other = capture()
    reportError(new TypeError('boom'), other, { json: true })
    assert.deepEqual(JSON.parse(other.err()), { error: { code: 'INTERNAL_ERROR', message: 'boom' } })
  })

  it('adds the stack only with SHIPYARD_DEBUG=1', () => {
    const quiet = capture()
    reportError(new Error('boom'), quiet, { json: false })
    assert.equal(quiet.err(), 'error: boom\n')
    const debug = capture({ SHIPYARD_DEBUG: '1' })
    reportError(new Error('boom'), debug, { json: false })
    assert.match(debug.err(), /^error: boom\nError: boom\n\s+at /)
  })

  it('underlines the token an annotated error points at', () => {
    const error = new ShipyardError('SHIPYARD_FILTER_INVALID', "invalid filter at position 4 ('>>')", {
      details: { position: 4, token: '>>' },
    })
    const io = capture()
    reportError(annotateError(error, 'auc >> 1'), io, { json: false })
    assert.equal(io.err(), "error: invalid filter at position 4 ('>>')\n  auc >> 1\n      ^^\n")
  })
})

describe('underline', () => {
  it('draws nothing when the details do not point into the text', () => {
    assert.equal(underline('auc > 1', { position: 4, token: '>>' }), '')
    assert.equal(underline('auc > 1', { position: 40, token: '' }), '')
    assert.equal(underline('auc > 1', {}), '')
  })

  it('marks the end of the text for an empty token', () => {
    assert.equal(underline('auc >', { position: 5, token: '' }), '  auc >\n       ^\n')
  })
})
