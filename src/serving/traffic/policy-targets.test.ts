import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { notFound } from '../../shared/index.js'
import { parseModelPolicy } from '../config/policy-json.js'
import { ServingSettings } from '../config/serving-settings.js'
import type { LoadedModel } from '../loaded-model.js'
import type { ModelSelector } from '../model-pool.js'
import { failsWith } from '../protocol/testing/signatures.js'
import { loadConfiguredTargets, loadPolicyTargets } from './policy-targets.js'

/** A pool that has every target but version 9, and remembers what it was asked to load. */
function fakePool() {
  const loaded: ModelSelector[] = []
  return {
    loaded,
    withModel: async <T>(selector: ModelSelector, work: (model: LoadedModel) => Promise<T>): Promise<T> => {
      if (selector.kind === 'version' && selector.version === 9) throw notFound('version', '9')
      loaded.push(selector)
      return work({} as LoadedModel)
    },
  }
}

const POLICY = parseModelPolicy({
  canary: [
    { target: 'production', weight: 50 },
    { target: 9, weight: 50 },
  ],
  shadow: 'staging',
})

describe('loadPolicyTargets', () => {
  it('loads every canary arm and the shadow through the pool', async () => {
    const pool = fakePool()
    await loadPolicyTargets(
      pool,
      'churn',
      parseModelPolicy({ canary: [{ target: 3, weight: 100 }], shadow: 'staging' }),
    )
    assert.deepEqual(pool.loaded, [
      { name: 'churn', kind: 'version', version: 3 },
      { name: 'churn', kind: 'alias', alias: 'staging' },
    ])
  })

  it('names the field of a target the pool cannot serve, and why', async () => {
    await assert.rejects(
      loadPolicyTargets(fakePool(), 'churn', POLICY),
      failsWith('INVALID_PARAMETER_VALUE', /model 'churn' cannot serve 'v9': version '9' does not exist/, {
        field: 'canary[1].target',
      }),
    )
  })

  it('logs, for the settings’ policies at start, the targets that cannot be served, and loads the others', async () => {
    const settings = new ServingSettings({
      models: { churn: POLICY, spend: parseModelPolicy({ shadow: 2 }) },
    })
    const errors: string[] = []
    const log = { info() {}, warn() {}, error: (_: unknown, message: string) => errors.push(message) }
    const pool = fakePool()
    await loadConfiguredTargets(pool, settings, log)
    assert.equal(errors.length, 1)
    assert.match(errors[0]!, /^models\.churn\.canary\[1\]\.target: model 'churn' cannot serve 'v9'/)
    assert.deepEqual(pool.loaded.at(-1), { name: 'spend', kind: 'version', version: 2 })
  })
})
