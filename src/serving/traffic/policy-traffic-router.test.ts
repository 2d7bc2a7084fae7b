import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { Registry } from 'prom-client'
import { parseModelPolicy } from '../config/policy-json.js'
import { ServingSettings } from '../config/serving-settings.js'
import type { ModelSelector } from '../model-pool.js'
import { failsWith } from '../protocol/testing/signatures.js'
import { PolicyTrafficRouter } from './policy-traffic-router.js'

const CHURN: ModelSelector = { name: 'churn', kind: 'default' }
const REQUESTS = 10_000

function routerWith(policies: Record<string, unknown>, seed = 7) {
  const settings = new ServingSettings()
  for (const [name, json] of Object.entries(policies)) settings.update(name, parseModelPolicy(json))
  const pool = { withModel: () => Promise.reject(new Error('no shadow runs in these tests')) }
  const router = new PolicyTrafficRouter({ settings, pool, metrics: new Registry(), seed })
  return { router, settings }
}

// The router reads only the headers of a request.
function request(headers: Record<string, string> = {}): FastifyRequest {
  return { headers } as unknown as FastifyRequest
}

function shares(arms: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const arm of arms) counts[arm] = (counts[arm] ?? 0) + 1
  return Object.fromEntries(Object.entries(counts).map(([arm, n]) => [arm, n / arms.length]))
}

function assertShare(actual: number | undefined, expected: number, what: string): void {
  assert.ok(Math.abs((actual ?? 0) - expected) <= 0.02, `${what}: ${actual} is not within 2% of ${expected}`)
}

const CANARY_90_10 = {
  canary: [
    { target: 'production', weight: 90 },
    { target: 5, weight: 10 },
  ],
}

describe('PolicyTrafficRouter', () => {
  it('sends a request with no policy where its path points, nothing mirrored', () => {
    const { router } = routerWith({})
    assert.deepEqual(router.plan(request(), CHURN), { primary: CHURN, shadow: null, arm: 'primary' })
  })

  it('splits distinct callers by the canary weights, within 2% over 10,000', () => {
    const { router } = routerWith({ churn: CANARY_90_10 })
    const arms = Array.from({ length: REQUESTS }, (_, i) =>
      router.plan(request({ 'x-user-id': `user-${i}` }), CHURN),
    )
    const split = shares(arms.map((plan) => plan.arm))
    assertShare(split['canary:production'], 0.9, 'production')
    assertShare(split['canary:v5'], 0.1, 'v5')
    const canary = arms.find((plan) => plan.arm === 'canary:v5')!
    assert.deepEqual(canary.primary, { name: 'churn', kind: 'version', version: 5 })
    const production = arms.find((plan) => plan.arm === 'canary:production')!
    assert.deepEqual(production.primary, { name: 'churn', kind: 'alias', alias: 'production' })
  })

  it('splits requests without the sticky header at random, within 2%, the same for the same seed', () => {
    const policy = {
      canary: [
        { target: 'production', weight: 70 },
        { target: 'staging', weight: 30 },
      ],
    }
    const run = (seed: number) => {
      const { router } = routerWith({ churn: policy }, seed)
      return Array.from({ length: REQUESTS }, () => router.plan(request(), CHURN).arm)
    }
    const arms = run(11)
    assertShare(shares(arms)['canary:staging'], 0.3, 'staging')
    assert.deepEqual(run(11), arms)
    assert.notDeepEqual(run(12), arms)
  })

  it('keeps one caller on one arm, by the header the policy names', () => {
    const { router } = routerWith({
      churn: {
        canary: [
          { target: 'production', weight: 50 },
          { target: 5, weight: 50 },
        ],
        sticky_header: 'X-Account',
      },
    })
    for (let user = 0; user < 20; user++) {
      const headers = { 'x-account': `account-${user}` }
      const first: string = router.plan(request(headers), CHURN).arm
      for (let i = 0; i < 100; i++) assert.equal(router.plan(request(headers), CHURN).arm, first)
    }
    // The default header is not the one this policy reads: such requests split at random.
    const arms = new Set(
      Array.from({ length: 100 }, () => router.plan(request({ 'x-user-id': 'same' }), CHURN).arm),
    )
    assert.equal(arms.size, 2)
  })

  it('moves only callers onto the canary when its weight grows', () => {
    const { router, settings } = routerWith({ churn: CANARY_90_10 })
    const users = Array.from({ length: 2000 }, (_, i) => request({ 'x-user-id': `user-${i}` }))
    const before = users.map((user) => router.plan(user, CHURN).arm)
    settings.update(
      'churn',
      parseModelPolicy({
        canary: [
          { target: 'production', weight: 70 },
          { target: 5, weight: 30 },
        ],
      }),
    )
    const after = users.map((user) => router.plan(user, CHURN).arm)
    assert.ok(before.every((arm, i) => arm === 'canary:production' || after[i] === 'canary:v5'))
    assert.ok(
      after.filter((arm) => arm === 'canary:v5').length > before.filter((arm) => arm === 'canary:v5').length,
    )
  })

  it('pins a request by X-Shipyard-Version to a version or an alias, over the canary', () => {
    const { router } = routerWith({ churn: CANARY_90_10 })
    const pinned = (value: string) =>
      router.plan(request({ 'x-shipyard-version': value, 'x-user-id': 'u' }), CHURN)
    assert.deepEqual(pinned('3'), {
      primary: { name: 'churn', kind: 'version', version: 3 },
      shadow: null,
      arm: 'pinned',
    })
    assert.deepEqual(pinned('v3').primary, { name: 'churn', kind: 'version', version: 3 })
    assert.deepEqual(pinned('Staging').primary, { name: 'churn', kind: 'alias', alias: 'staging' })
    assert.throws(
      () => pinned('not an alias'),
      failsWith('INVALID_PARAMETER_VALUE', /only letters/, { field: 'X-Shipyard-Version' }),
    )
  })

  it('ignores X-Shipyard-Version when the policy turns pinning off', () => {
    const { router } = routerWith({ churn: { ...CANARY_90_10, pinning: false } })
    const plan = router.plan(request({ 'x-shipyard-version': '3', 'x-user-id': 'u' }), CHURN)
    assert.match(plan.arm, /^canary:/)
  })

  it('never reroutes nor mirrors a request that names its version or alias in the path', () => {
    const { router } = routerWith({ churn: { ...CANARY_90_10, shadow: 'staging' } })
    const explicit: ModelSelector[] = [
      { name: 'churn', kind: 'version', version: 2 },
      { name: 'churn', kind: 'alias', alias: 'production' },
    ]
    for (const selector of explicit) {
      const headerSets: Record<string, string>[] = [{ 'x-user-id': 'u' }, { 'x-shipyard-version': '5' }]
      for (const headers of headerSets) {
        assert.deepEqual(router.plan(request(headers), selector), {
          primary: selector,
          shadow: null,
          arm: 'primary',
        })
      }
    }
  })

  it('mirrors to the shadow, except a request whose arm is the shadow itself', () => {
    const { router } = routerWith({ churn: { ...CANARY_90_10, shadow: 5 } })
    const plans = Array.from({ length: 200 }, (_, i) =>
      router.plan(request({ 'x-user-id': `user-${i}` }), CHURN),
    )
    for (const plan of plans) {
      const onShadow = plan.arm === 'canary:v5'
      assert.deepEqual(plan.shadow, onShadow ? null : { name: 'churn', kind: 'version', version: 5 })
    }
    const { router: plain } = routerWith({ churn: { shadow: 'staging' } })
    assert.deepEqual(plain.plan(request(), CHURN), {
      primary: CHURN,
      shadow: { name: 'churn', kind: 'alias', alias: 'staging' },
      arm: 'primary',
    })
  })

  it('follows a policy change from the next request on', () => {
    const { router, settings } = routerWith({})
    assert.equal(router.plan(request(), CHURN).arm, 'primary')
    settings.update('churn', parseModelPolicy({ canary: [{ target: 4, weight: 100 }] }))
    assert.equal(router.plan(request(), CHURN).arm, 'canary:v4')
    settings.clearTraffic('churn')
    assert.equal(router.plan(request(), CHURN).arm, 'primary')
  })
})
