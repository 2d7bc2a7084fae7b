import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assertError, call } from '../../server/test-app.js'
import { readServingConfig } from '../config/serving-config.js'
import type { InferenceServer } from '../inference-server.js'
import {
  openServingFixture,
  registerRegressor,
  type ServingFixture,
  testInferenceServer,
} from '../testing/serving-fixtures.js'

const DEFAULTS = {
  canary: [],
  shadow: null,
  sticky_header: 'x-user-id',
  pinning: true,
  cache: true,
  log_sample_rate: 1,
}
const CANARY = {
  canary: [
    { target: 'production', weight: 80 },
    { target: 2, weight: 20 },
  ],
  shadow: { target: 'staging', tolerance: 0.5 },
  sticky_header: 'x-account',
}

describe('control API', () => {
  let fixture: ServingFixture
  let server: InferenceServer
  const dir = mkdtempSync(join(tmpdir(), 'control-routes-'))
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await registerRegressor(fixture.registry, 'spend', 10)
    await fixture.registry.setAlias('spend', 'production', 1)
    await fixture.registry.setAlias('spend', 'staging', 2)
    const config = join(dir, 'serving.yaml')
    writeFileSync(config, 'models:\n  other:\n    cache: false\nshadowing:\n  queue: 8\n')
    server = await testInferenceServer(fixture, {
      routes: [{ name: 'spend', ref: { kind: 'alias', alias: 'production' } }],
      settings: readServingConfig(config),
      predictionCache: { enabled: () => true },
    })
    await server.start()
  })
  after(async () => {
    await server.app.close()
    await fixture.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const control = <T = Record<string, unknown>>(
    method: 'GET' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
  ) => call<T>(server.app, method, url, body)
  const predict = (headers: Record<string, string> = {}) =>
    call(
      server.app,
      'POST',
      '/v1/models/spend:predict',
      { instances: [{ amount: 1, city: 'lima' }] },
      headers,
    )

  it('lists the policy of every model served or named in the config, in the config file’s shape', async () => {
    const listed = await control('GET', '/control/models')
    assert.equal(listed.status, 200)
    assert.deepEqual(listed.body, {
      models: { spend: DEFAULTS, other: { ...DEFAULTS, cache: false } },
      shadowing: { concurrency: 2, queue: 8, history: 100 },
    })
    assert.deepEqual((await control('GET', '/control/models/unknown')).body, DEFAULTS)
  })

  it('replaces a policy, which the next request follows, without a restart', async () => {
    assert.equal((await predict()).headers['x-traffic-arm'], 'primary')
    const put = await control('PUT', '/control/models/spend', CANARY)
    assert.equal(put.status, 200, JSON.stringify(put.body))
    assert.deepEqual(put.body, { ...CANARY, pinning: true, cache: true, log_sample_rate: 1 })
    assert.deepEqual((await control('GET', '/control/models/spend')).body, put.body)
    assert.match(String((await predict({ 'x-account': 'a-1' })).headers['x-traffic-arm']), /^canary:/)
    const all = await control('PUT', '/control/models/spend', { canary: [{ target: 'v2', weight: 100 }] })
    assert.deepEqual(all.body, { ...DEFAULTS, canary: [{ target: 2, weight: 100 }] })
    const answer = await predict()
    assert.deepEqual([answer.headers['x-model-version'], answer.headers['x-traffic-arm']], ['2', 'canary:v2'])
  })

  it('refuses a bad policy with 400 naming the field, keeping the policy in force', async () => {
    await control('PUT', '/control/models/spend', CANARY)
    const badWeight = await control('PUT', '/control/models/spend', {
      canary: [
        { target: 'production', weight: 80 },
        { target: 2, weight: 'twenty' },
      ],
    })
    assertError(badWeight, 400, 'INVALID_PARAMETER_VALUE', { field: 'canary[1].weight' })
    const sum = await control('PUT', '/control/models/spend', { canary: [{ target: 2, weight: 50 }] })
    assertError(sum, 400, 'INVALID_PARAMETER_VALUE', { field: 'canary', message: /add up to 50/ })
    const missing = await control('PUT', '/control/models/spend', {
      canary: [
        { target: 'production', weight: 50 },
        { target: 9, weight: 50 },
      ],
    })
    assertError(missing, 400, 'INVALID_PARAMETER_VALUE', { field: 'canary[1].target', message: /'v9'/ })
    const unknownAlias = await control('PUT', '/control/models/spend', { shadow: 'nightly' })
    assertError(unknownAlias, 400, 'INVALID_PARAMETER_VALUE', { field: 'shadow.target', message: /nightly/ })
    assertError(await control('PUT', '/control/models/spend'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'body',
    })
    assert.deepEqual((await control('GET', '/control/models/spend')).body, {
      ...CANARY,
      pinning: true,
      cache: true,
      log_sample_rate: 1,
    })
  })

  it('clears a model’s traffic policy, keeping its cache switch', async () => {
    await control('PUT', '/control/models/spend', { ...CANARY, cache: false })
    const cleared = await control('DELETE', '/control/models/spend/traffic')
    assert.deepEqual(cleared.body, { ...DEFAULTS, cache: false })
    assert.equal(server.settings.cacheEnabled('spend'), false)
    const answer = await predict({ 'x-account': 'a-1' })
    assert.deepEqual([answer.headers['x-model-version'], answer.headers['x-traffic-arm']], ['1', 'primary'])
  })

  it('turns a model’s prediction cache off and on again, without a restart', async () => {
    const row = { instances: [{ amount: 77, city: 'oslo' }] }
    const cacheOf = async () =>
      (await call(server.app, 'POST', '/v1/models/spend:predict', row)).headers['x-cache']
    await control('PUT', '/control/models/spend', { cache: true })
    assert.deepEqual([await cacheOf(), await cacheOf()], ['miss', 'hit'])
    await control('PUT', '/control/models/spend', { cache: false })
    assert.equal(await cacheOf(), undefined)
    await control('PUT', '/control/models/spend', { cache: true })
    assert.equal(await cacheOf(), 'hit')
  })

  it('reports the shadow’s counts and comparisons', async () => {
    type Report = { counts: Record<string, number>; comparisons: Record<string, unknown>[] }
    const report = async () => (await control<Report>('GET', '/control/models/spend/shadow')).body
    const before = (await report()).counts
    await control('PUT', '/control/models/spend', { shadow: { target: 'staging', tolerance: 100 } })
    await predict({ 'x-request-id': 'compared' })
    const deadline = Date.now() + 15_000
    let after = await report()
    while (after.counts.ok === before.ok && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      after = await report()
    }
    const { comparisons, counts, ...rest } = after
    assert.deepEqual(rest, { model: 'spend', shadow: { target: 'staging', tolerance: 100 } })
    const grown = Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, n - before[key]!]))
    assert.deepEqual(grown, { ok: 1, error: 0, dropped: 0, rows: 1, agreed_rows: 1 })
    const [comparison] = comparisons
    assert.equal(comparison?.request_id, 'compared')
    assert.deepEqual([comparison?.rows, comparison?.agreed_rows, comparison?.error], [1, 1, null])
    const primary = comparison?.primary as { version: number; seconds: number; predictions: number[] }
    assert.deepEqual([primary.version, primary.predictions.map(Math.round)], [1, [1]])
    assert.ok(primary.seconds >= 0)
    assert.deepEqual(Object.keys(comparison?.shadow as object), ['version', 'seconds', 'predictions'])
  })
})
