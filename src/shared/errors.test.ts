import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { ERROR_CODES, type ErrorCode, isErrorCode, notFound, ShipyardError } from './errors.js'

const DOC = new URL('../../docs/errors.md', import.meta.url)

/**
 * The rows of the codes table in docs/errors.md: `| \`CODE\` | status | \`MLFLOW\` | meaning |`, cells
 * padded or not (the formatter aligns the table).
 */
function documentedCodes(): Map<string, { status: number; mlflow: string; meaning: string }> {
  const rows = new Map<string, { status: number; mlflow: string; meaning: string }>()
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim())
    if (cells.length !== 6 || !/^`[A-Z_]+`$/.test(cells[1] ?? '')) continue
    const [, code = '', status = '', mlflow = '', meaning = ''] = cells
    const key = code.slice(1, -1)
    assert.ok(!rows.has(key), `docs/errors.md lists ${key} twice`)
    assert.match(status, /^\d{3}$/, `docs/errors.md: ${key} has no HTTP status`)
    assert.match(mlflow, /^`[A-Z_]+`$/, `docs/errors.md: ${key} has no MLflow code`)
    rows.set(key, { status: Number(status), mlflow: mlflow.slice(1, -1), meaning })
  }
  return rows
}

describe('error registry', () => {
  it('is documented in docs/errors.md, code for code, with the same status and MLflow code', () => {
    const documented = documentedCodes()
    const registered = Object.keys(ERROR_CODES) as ErrorCode[]
    assert.deepEqual(
      [...documented.keys()].sort(),
      [...registered].sort(),
      'docs/errors.md and ERROR_CODES list different codes',
    )
    for (const code of registered) {
      const doc = documented.get(code)
      assert.deepEqual(
        { status: doc?.status, mlflow: doc?.mlflow },
        { status: ERROR_CODES[code].status, mlflow: ERROR_CODES[code].mlflow },
        `docs/errors.md disagrees with ERROR_CODES about ${code}`,
      )
      assert.ok((doc?.meaning.length ?? 0) > 20, `docs/errors.md gives ${code} no real explanation`)
    }
  })

  it('uses MLflow codes or SHIPYARD_ names only', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      assert.match(code, /^(SHIPYARD_[A-Z]+_[A-Z_]+|[A-Z]+(_[A-Z]+)+)$/)
      if (code.startsWith('SHIPYARD_')) continue
      assert.equal(
        ERROR_CODES[code as ErrorCode].mlflow,
        code,
        `${code} is MLflow's own code and must map to itself`,
      )
    }
  })

  it('round-trips an error through its wire body, details included', () => {
    const original = new ShipyardError('SHIPYARD_FILTER_INVALID', 'invalid filter at position 3', {
      details: { position: 3, token: '>>' },
    })
    const body = original.toBody()
    assert.equal(body.error_code, 'INVALID_PARAMETER_VALUE')
    const rebuilt = ShipyardError.fromBody(JSON.parse(JSON.stringify(body)), original.status)
    assert.equal(rebuilt.code, 'SHIPYARD_FILTER_INVALID')
    assert.equal(rebuilt.message, original.message)
    assert.deepEqual(rebuilt.details, original.details)
    assert.equal(rebuilt.status, 400)
  })

  it('rebuilds an error from a plain MLflow body, or from the status alone', () => {
    assert.equal(
      ShipyardError.fromBody({ error_code: 'RESOURCE_ALREADY_EXISTS', message: 'x' }, 400).code,
      'RESOURCE_ALREADY_EXISTS',
    )
    assert.equal(
      ShipyardError.fromBody({ error_code: 'TEMPORARILY_UNAVAILABLE' }, 503).code,
      'INTERNAL_ERROR',
    )
    assert.equal(ShipyardError.fromBody({}, 404).code, 'RESOURCE_DOES_NOT_EXIST')
    assert.equal(ShipyardError.fromBody({}, 422).code, 'BAD_REQUEST')
    assert.equal(ShipyardError.fromBody({}, 418).message, 'HTTP 418')
  })

  it('names the missing thing', () => {
    const error = notFound('run', 'abc')
    assert.equal(error.message, "run 'abc' does not exist")
    assert.equal(error.status, 404)
    assert.deepEqual(error.details, { run: 'abc' })
    assert.equal(isErrorCode('run'), false)
    assert.equal(isErrorCode('SHIPYARD_PARAM_IMMUTABLE'), true)
  })
})
