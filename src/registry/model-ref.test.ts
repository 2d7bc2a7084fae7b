import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../shared/index.js'
import { formatModelRoute, parseModelRoute } from './model-ref.js'

describe('parseModelRoute', () => {
  it('reads name, name@alias and name@version', () => {
    assert.deepEqual(parseModelRoute('churn'), { name: 'churn', ref: { kind: 'alias', alias: 'production' } })
    assert.deepEqual(parseModelRoute('churn@Staging'), {
      name: 'churn',
      ref: { kind: 'alias', alias: 'staging' },
    })
    assert.deepEqual(parseModelRoute('churn@3'), { name: 'churn', ref: { kind: 'version', version: 3 } })
  })

  it('splits at the last @, since aliases never hold one', () => {
    assert.deepEqual(parseModelRoute('team@churn@canary'), {
      name: 'team@churn',
      ref: { kind: 'alias', alias: 'canary' },
    })
  })

  it('refuses an empty name, an empty alias and version 0, naming the flag', () => {
    for (const text of ['@production', 'churn@', 'churn@0']) {
      assert.throws(
        () => parseModelRoute(text, '--model'),
        (error: unknown) =>
          error instanceof ShipyardError &&
          error.code === 'INVALID_PARAMETER_VALUE' &&
          error.message.startsWith('--model:') &&
          error.message.includes(text),
      )
    }
  })

  it('writes a route back as it is written on the command line', () => {
    assert.equal(formatModelRoute(parseModelRoute('churn')), 'churn@production')
    assert.equal(formatModelRoute(parseModelRoute('churn@7')), 'churn@7')
  })
})
