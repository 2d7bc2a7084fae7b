import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { failsWith } from '../protocol/testing/signatures.js'
import { DEFAULT_POLICY } from './model-policy.js'
import { DEFAULT_SHADOW_LIMITS, ServingSettings } from './serving-settings.js'

const V5 = { kind: 'version', version: 5 } as const
const PRODUCTION = { kind: 'alias', alias: 'production' } as const

describe('ServingSettings', () => {
  it('gives a model it does not name the default policy, cache on', () => {
    const settings = new ServingSettings()
    assert.equal(settings.policy('churn'), DEFAULT_POLICY)
    assert.equal(settings.cacheEnabled('churn'), true)
    assert.deepEqual(settings.shadowLimits, DEFAULT_SHADOW_LIMITS)
  })

  it('updates the fields a patch gives and keeps the others', () => {
    const settings = new ServingSettings({ models: { churn: { ...DEFAULT_POLICY, cache: false } } })
    const { cacheEnabled } = settings // handed around as a function, by the prediction cache
    assert.equal(cacheEnabled('churn'), false)
    settings.update('churn', { canary: [{ target: V5, weight: 100 }] })
    assert.deepEqual(settings.policy('churn').canary, [{ target: V5, weight: 100 }])
    assert.equal(cacheEnabled('churn'), false)
    settings.update('churn', { cache: true })
    assert.equal(cacheEnabled('churn'), true)
    assert.equal(settings.policy('churn').canary.length, 1)
  })

  it('refuses an update that makes a bad policy, keeping the one in force', () => {
    const settings = new ServingSettings()
    const canary = [
      { target: PRODUCTION, weight: 90 },
      { target: V5, weight: 20 },
    ]
    assert.throws(
      () => settings.update('churn', { canary }),
      failsWith('INVALID_PARAMETER_VALUE', /add up to 110/, { field: 'canary' }),
    )
    assert.equal(settings.policy('churn'), DEFAULT_POLICY)
    assert.throws(
      () => settings.update('a/b', {}),
      failsWith('INVALID_PARAMETER_VALUE', /'\/'/, { field: 'name' }),
    )
  })

  it('clears the traffic policy but keeps the cache switch', () => {
    const settings = new ServingSettings()
    settings.update('churn', {
      canary: [{ target: V5, weight: 100 }],
      shadow: { target: PRODUCTION, tolerance: 0 },
      pinning: false,
      stickyHeader: 'x-account',
      cache: false,
    })
    assert.deepEqual(settings.clearTraffic('churn'), { ...DEFAULT_POLICY, cache: false })
    assert.deepEqual([...settings.models().keys()], ['churn'])
  })

  it('checks the models and the shadow limits it starts with, naming the field', () => {
    assert.throws(
      () => new ServingSettings({ shadowLimits: { concurrency: 0 } }),
      failsWith('INVALID_PARAMETER_VALUE', /at least 1/, { field: 'shadowing.concurrency' }),
    )
    assert.throws(
      () => new ServingSettings({ models: { churn: { ...DEFAULT_POLICY, stickyHeader: 'a b' } } }),
      failsWith('INVALID_PARAMETER_VALUE', /header name/, { field: 'models.churn.sticky_header' }),
    )
  })
})
