import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { assertError, call } from '../../server/test-app.js'
import { parseModelPolicy } from '../config/policy-json.js'
import { ServingSettings } from '../config/serving-settings.js'
import { buildInferenceServer, type InferenceServer } from '../inference-server.js'
import type { ServingRegistry } from '../model-loader.js'
import {
  openServingFixture,
  registerClassifier,
  registerRegressor,
  type ServingFixture,
  testInferenceServer,
} from '../testing/serving-fixtures.js'
import { stickyPoint } from './sticky-point.js'

// spend v1 answers amount × 1, v2 amount × 10: each answer tells which version gave it.
const LIMA = { amount: 2, city: 'lima' }
const BY_VERSION: Record<string, number> = { '1': 2, '2': 20 }
const ROUTES = [
  { name: 'spend', ref: { kind: 'alias', alias: 'production' } },
  { name: 'big', ref: { kind: 'alias', alias: 'production' } },
] as const

type V1Body = { predictions: number[]; model_version: string }

async function registerModels(fixture: ServingFixture): Promise<void> {
  await registerRegressor(fixture.registry, 'spend', 1)
  await registerRegressor(fixture.registry, 'spend', 10)
  await fixture.registry.setAlias('spend', 'production', 1)
  await fixture.registry.setAlias('spend', 'staging', 2)
  await registerClassifier(fixture.registry, 'big')
  await registerClassifier(fixture.registry, 'big')
  await fixture.registry.setAlias('big', 'production', 1)
}

describe('traffic policies, end to end', () => {
  let fixture: ServingFixture
  let server: InferenceServer
  before(async () => {
    fixture = await openServingFixture()
    await registerModels(fixture)
    server = await testInferenceServer(fixture, { routes: ROUTES, defaultModel: 'spend' })
    await server.start()
  })
  after(async () => {
    await server.app.close()
    await fixture.close()
  })
  beforeEach(() => {
    server.settings.clearTraffic('spend')
    server.settings.clearTraffic('big')
  })
  const setPolicy = (name: string, json: unknown) => server.settings.update(name, parseModelPolicy(json))
  const predict = (headers: Record<string, string> = {}, url = '/v1/models/spend:predict') =>
    call<V1Body>(server.app, 'POST', url, { instances: [LIMA] }, headers)

  it('splits callers between the canary arms by the hash of their X-User-Id, on every protocol', async () => {
    setPolicy('spend', {
      canary: [
        { target: 'production', weight: 70 },
        { target: 2, weight: 30 },
      ],
    })
    const versions: string[] = []
    for (let user = 0; user < 200; user++) {
      const headers = { 'x-user-id': `user-${user}` }
      const answer = await predict(headers)
      assert.equal(answer.status, 200, JSON.stringify(answer.body))
      const expected = stickyPoint(`user-${user}`, 'spend') < 0.7 ? '1' : '2'
      const version = String(answer.headers['x-model-version'])
      assert.equal(version, expected, `user-${user}`)
      assert.equal(answer.headers['x-traffic-arm'], expected === '1' ? 'canary:production' : 'canary:v2')
      assert.equal(Math.round(answer.body.predictions[0]!), BY_VERSION[version])
      versions.push(version)
    }
    const canaryShare = versions.filter((v) => v === '2').length / versions.length
    assert.ok(canaryShare > 0.15 && canaryShare < 0.45, `canary share ${canaryShare}`)
    const headers = { 'x-user-id': 'user-3' }
    const expected = (await predict(headers)).headers['x-model-version']
    const v2 = await call(
      server.app,
      'POST',
      '/v2/models/spend/infer',
      {
        inputs: [
          { name: 'amount', shape: [1], datatype: 'FP64', data: [2] },
          { name: 'city', shape: [1], datatype: 'BYTES', data: ['lima'] },
        ],
      },
      headers,
    )
    const mlflow = await call(server.app, 'POST', '/invocations', { dataframe_records: [LIMA] }, headers)
    assert.equal(v2.headers['x-model-version'], expected)
    assert.equal(mlflow.headers['x-model-version'], expected)
  })

  it('keeps one caller on one version, and splits callers without a key at random', async () => {
    setPolicy('spend', {
      canary: [
        { target: 'production', weight: 50 },
        { target: 'staging', weight: 50 },
      ],
    })
    const first = (await predict({ 'x-user-id': 'alice' })).headers['x-model-version']
    for (let i = 0; i < 20; i++) {
      assert.equal((await predict({ 'x-user-id': 'alice' })).headers['x-model-version'], first)
    }
    const anonymous = new Set<unknown>()
    for (let i = 0; i < 60; i++) anonymous.add((await predict()).headers['x-model-version'])
    assert.deepEqual([...anonymous].sort(), ['1', '2'])
  })

  it('pins a request by X-Shipyard-Version unless the policy turns pinning off', async () => {
    const pinned = await predict({ 'x-shipyard-version': '2' })
    assert.deepEqual([pinned.headers['x-model-version'], pinned.headers['x-traffic-arm']], ['2', 'pinned'])
    assert.equal((await predict({ 'x-shipyard-version': 'staging' })).headers['x-model-version'], '2')
    assertError(await predict({ 'x-shipyard-version': 'no such!' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'X-Shipyard-Version',
    })
    assertError(await predict({ 'x-shipyard-version': '9' }), 404, 'RESOURCE_DOES_NOT_EXIST')
    setPolicy('spend', { pinning: false })
    const ignored = await predict({ 'x-shipyard-version': '2' })
    assert.deepEqual([ignored.headers['x-model-version'], ignored.headers['x-traffic-arm']], ['1', 'primary'])
  })

  it('never reroutes a request that names its version or alias in the path', async () => {
    setPolicy('spend', { canary: [{ target: 2, weight: 100 }], shadow: 'staging' })
    assert.equal((await predict()).headers['x-model-version'], '2')
    const explicit = ['/v1/models/spend/versions/1:predict', '/v1/models/spend/labels/production:predict']
    for (const url of explicit) {
      const answer = await predict({ 'x-shipyard-version': '2', 'x-user-id': 'u' }, url)
      assert.deepEqual(
        [answer.headers['x-model-version'], answer.headers['x-traffic-arm']],
        ['1', 'primary'],
        url,
      )
    }
    const v2 = await call(server.app, 'POST', '/v2/models/spend/versions/1/infer', {
      inputs: [
        { name: 'amount', shape: [1], datatype: 'FP64', data: [2] },
        { name: 'city', shape: [1], datatype: 'BYTES', data: ['lima'] },
      ],
    })
    assert.equal(v2.headers['x-model-version'], '1')
    assert.equal(server.pool.routes()[0]?.version, 1)
  })

  it('answers byte for byte the same with a shadow, and records the shadow’s answer beside it', async () => {
    const request = {
      method: 'POST',
      url: '/v1/models/spend:predict',
      payload: { instances: [LIMA, { amount: 30, city: 'oslo' }] },
      headers: { 'x-request-id': 'same-request' },
    } as const
    const without = await server.app.inject(request)
    setPolicy('spend', { shadow: { target: 'staging', tolerance: 1 } })
    const withShadow = await server.app.inject(request)
    assert.equal(withShadow.body, without.body)
    for (const header of ['x-model-version', 'x-traffic-arm', 'content-length']) {
      assert.equal(withShadow.headers[header], without.headers[header], header)
    }
    const recorded = await shadowReport(server, 'spend', (body) =>
      body.comparisons.some((c) => c.request_id === 'same-request'),
    )
    const comparison = recorded.comparisons.find((c) => c.request_id === 'same-request')
    assert.deepEqual(roundAll(comparison!.primary.predictions), [2, 35])
    assert.deepEqual(roundAll(comparison!.shadow.predictions), [20, 305])
    assert.deepEqual([comparison?.primary.version, comparison?.shadow.version], [1, 2])
    assert.equal(comparison?.agreed_rows, 0)
  })

  it('counts a classifier shadow’s rows as agreeing when the labels match', async () => {
    setPolicy('big', { shadow: 2 })
    const rows = [
      { amount: 2, city: 'lima' },
      { amount: 35, city: 'oslo' },
    ]
    assert.equal((await call(server.app, 'POST', '/v1/models/big:predict', { instances: rows })).status, 200)
    const { counts } = await shadowReport(server, 'big', (body) => body.counts.ok === 1)
    assert.deepEqual(counts, { ok: 1, error: 0, dropped: 0, rows: 2, agreed_rows: 2 })
    const metrics = String((await call(server.app, 'GET', '/metrics')).body)
    assert.match(
      metrics,
      /shipyard_shadow_agreement_total\{model="big",primary_version="1",shadow_version="2",agree="true"\} 2/,
    )
  })
})

describe('a shadow that cannot run yet', () => {
  let fixture: ServingFixture
  let server: InferenceServer
  let release: () => void = () => {}
  before(async () => {
    fixture = await openServingFixture()
    await registerModels(fixture)
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    // Version 2's bytes are held back until the test releases them: the shadow's run waits on that.
    const registry: ServingRegistry = {
      getVersion: (name, version) => fixture.registry.getVersion(name, version),
      readModel: async (name, version) => {
        if (version === 2) await gate
        return fixture.registry.readModel(name, version)
      },
      resolve: (name, alias) => fixture.registry.resolve(name, alias),
      searchModels: (query) => fixture.registry.searchModels(query),
      aliasGeneration: () => fixture.registry.aliasGeneration(),
    }
    const settings = new ServingSettings({ shadowLimits: { concurrency: 1, queue: 1 } })
    server = await buildInferenceServer({ registry, routes: [ROUTES[0]], settings })
    await server.start()
    settings.update('spend', parseModelPolicy({ shadow: 2 }))
  })
  after(async () => {
    release()
    await server.app.close()
    await fixture.close()
  })

  it('does not hold the primary’s answer, drops what overflows its queue, and records the comparison once released', async () => {
    for (const id of ['first', 'second', 'third', 'fourth']) {
      const answer = await call<V1Body>(
        server.app,
        'POST',
        '/v1/models/spend:predict',
        { instances: [LIMA] },
        { 'x-request-id': id },
      )
      assert.equal(answer.status, 200)
      assert.equal(Math.round(answer.body.predictions[0]!), 2)
    }
    assert.deepEqual((await shadowReport(server, 'spend', () => true)).counts, {
      ok: 0,
      error: 0,
      dropped: 2,
      rows: 0,
      agreed_rows: 0,
    })
    const metrics = String((await call(server.app, 'GET', '/metrics')).body)
    assert.match(
      metrics,
      /shipyard_shadow_requests_total\{model="spend",primary_version="1",shadow_version="",outcome="dropped"\} 2/,
    )
    release()
    const { comparisons } = await shadowReport(server, 'spend', (body) => body.counts.ok === 2)
    assert.deepEqual(
      comparisons.map((c) => c.request_id),
      ['second', 'first'],
    )
    assert.deepEqual(roundAll(comparisons[0]!.shadow.predictions), [20])
  })
})

type ShadowBody = {
  counts: Record<string, number>
  comparisons: {
    request_id: string
    agreed_rows: number
    primary: { version: number; predictions: unknown[] }
    shadow: { version: number | null; predictions: unknown[] }
  }[]
}

/** The control API's shadow report of `model`, once `done` holds of it. */
async function shadowReport(
  server: InferenceServer,
  model: string,
  done: (body: ShadowBody) => boolean,
): Promise<ShadowBody> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const { body } = await call<ShadowBody>(server.app, 'GET', `/control/models/${model}/shadow`)
    if (done(body)) return body
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for the shadows of ${model}: ${JSON.stringify(body)}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

function roundAll(values: readonly unknown[]): number[] {
  return values.map((v) => Math.round(v as number))
}
