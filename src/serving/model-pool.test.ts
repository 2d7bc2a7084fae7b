import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { parseModelRoute } from '../registry/index.js'
import { ShipyardError } from '../shared/index.js'
import { type BatchingOptions, BatchMetrics } from './batching/index.js'
import type { LoadedModel } from './loaded-model.js'
import { ModelPool } from './model-pool.js'
import type { ServingLog } from './serving-log.js'
import {
  corruptStoredModel,
  openServingFixture,
  registerRegressor,
  type ServingFixture,
} from './testing/serving-fixtures.js'

/** What a tiny regressor predicts for amount 1 in lima: about its slope (1 for v1, 10 for v2). */
async function answer(model: LoadedModel): Promise<number> {
  const results = await model.run({
    amount: { type: 'double', data: new Float64Array([1]), dims: [1, 1] },
    city: { type: 'string', data: ['lima'], dims: [1, 1] },
  })
  return Math.round((results.prediction!.data as Float32Array)[0]!)
}

/** A log that keeps what it was told, to check that failures are reported. */
function recordingLog(): ServingLog & { readonly errors: string[] } {
  const errors: string[] = []
  return { errors, info() {}, warn() {}, error: (_fields, message) => errors.push(message) }
}

function rejectsWithCode(promise: Promise<unknown>, code: string) {
  return assert.rejects(promise, (error: unknown) => error instanceof ShipyardError && error.code === code)
}

describe('ModelPool', () => {
  let fixture: ServingFixture
  let pools: ModelPool[] = []
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await registerRegressor(fixture.registry, 'spend', 10)
    await registerRegressor(fixture.registry, 'other', 1)
  })
  beforeEach(async () => {
    await fixture.registry.setAlias('spend', 'production', 1)
  })
  after(async () => {
    await Promise.all(pools.map((pool) => pool.close()))
    await fixture.close()
  })
  const open = (
    routes: string[],
    options: { cacheSize?: number; log?: ServingLog; batching?: BatchingOptions } = {},
  ) => {
    const pool = new ModelPool({
      registry: fixture.registry,
      routes: routes.map((r) => parseModelRoute(r)),
      ...options,
    })
    pools.push(pool)
    return pool
  }

  it('is not ready, and refuses requests with SHIPYARD_MODEL_NOT_READY, until a refresh loads its routes', async () => {
    const pool = open(['spend'])
    assert.equal(pool.ready, false)
    await rejectsWithCode(
      pool.withModel({ name: 'spend', kind: 'default' }, answer),
      'SHIPYARD_MODEL_NOT_READY',
    )
    await pool.refresh()
    assert.equal(pool.ready, true)
    assert.equal(await pool.withModel({ name: 'spend', kind: 'default' }, answer), 1)
    assert.deepEqual(pool.routes(), [
      { name: 'spend', ref: { kind: 'alias', alias: 'production' }, version: 1, failure: null },
    ])
  })

  it('switches a route when its alias moved, after loading the new version, and lets a request in flight finish on the old one', async () => {
    const pool = open(['spend'])
    await pool.refresh()
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let heldModel!: LoadedModel
    const inFlight = pool.withModel({ name: 'spend', kind: 'default' }, async (model) => {
      heldModel = model
      await held
      return answer(model) // the old session must still be there
    })
    await fixture.registry.setAlias('spend', 'production', 2)
    assert.equal(await pool.withModel({ name: 'spend', kind: 'default' }, answer), 1, 'not before a refresh')
    await pool.refresh()
    assert.equal(await pool.withModel({ name: 'spend', kind: 'default' }, answer), 10)
    assert.equal(heldModel.tryAcquire(), false, 'the old version takes no new requests')
    release()
    assert.equal(await inFlight, 1)
    assert.equal(heldModel.leases, 0)
  })

  it('refuses a corrupt version with a logged error and keeps serving the one it had', async () => {
    const log = recordingLog()
    const pool = open(['spend'], { log })
    await pool.refresh()
    const broken = await registerRegressor(fixture.registry, 'spend', 3)
    await corruptStoredModel(broken)
    await fixture.registry.setAlias('spend', 'production', broken.version)
    await pool.refresh()
    assert.equal(await pool.withModel({ name: 'spend', kind: 'default' }, answer), 1)
    const [route] = pool.routes()
    assert.equal(route!.version, 1)
    assert.equal(route!.failure?.version, broken.version)
    assert.match(
      log.errors.join('\n'),
      new RegExp(`refused version ${broken.version} of spend@production .*still serving version 1`),
    )
    assert.deepEqual(
      pool.versionStates('spend').map((s) => [s.version, s.state]),
      [
        [1, 'AVAILABLE'],
        [broken.version, 'FAILED'],
      ],
    )
    await rejectsWithCode(
      pool.withModel({ name: 'spend', kind: 'version', version: broken.version }, answer),
      'SHIPYARD_MODEL_ARTIFACT_CORRUPT',
    )
  })

  it('keeps a pinned route on its version whatever the alias does', async () => {
    const pool = open(['spend@2'])
    await pool.refresh()
    await fixture.registry.setAlias('spend', 'production', 1)
    await pool.refresh()
    assert.equal(await pool.withModel({ name: 'spend', kind: 'default' }, answer), 10)
  })

  it('loads versions and aliases no route names on first use, keeping the most recent few', async () => {
    const pool = open(['spend'], { cacheSize: 1 })
    await pool.refresh()
    assert.equal(await pool.withModel({ name: 'spend', kind: 'version', version: 2 }, answer), 10)
    assert.equal(await pool.withModel({ name: 'other', kind: 'version', version: 1 }, answer), 1)
    const held = pool.versionStates('spend').map((s) => s.version)
    assert.deepEqual(held, [1], 'version 2 made room; the route keeps version 1')
    await fixture.registry.setAlias('other', 'canary', 1)
    assert.equal(await pool.withModel({ name: 'other', kind: 'alias', alias: 'CANARY' }, answer), 1)
    assert.equal(await pool.withModel({ name: 'spend', kind: 'alias', alias: 'production' }, answer), 1)
  })

  it('answers RESOURCE_DOES_NOT_EXIST for an unknown model, alias or version', async () => {
    const pool = open(['spend'])
    await pool.refresh()
    await rejectsWithCode(
      pool.withModel({ name: 'nope', kind: 'default' }, answer),
      'RESOURCE_DOES_NOT_EXIST',
    )
    await rejectsWithCode(
      pool.withModel({ name: 'spend', kind: 'alias', alias: 'nowhere' }, answer),
      'RESOURCE_DOES_NOT_EXIST',
    )
    await rejectsWithCode(
      pool.withModel({ name: 'spend', kind: 'version', version: 99 }, answer),
      'RESOURCE_DOES_NOT_EXIST',
    )
  })

  it('without routes, serves every model with a production alias, found again at each refresh', async () => {
    const pool = open([])
    await pool.refresh()
    assert.deepEqual(
      pool.routes().map((r) => r.name),
      ['spend'],
    )
    await fixture.registry.setAlias('other', 'production', 1)
    await pool.refresh()
    assert.deepEqual(
      pool
        .routes()
        .map((r) => [r.name, r.version])
        .sort(),
      [
        ['other', 1],
        ['spend', 1],
      ],
    )
    assert.equal(pool.ready, true)
    await fixture.registry.deleteAlias('other', 'production')
  })

  it('stays not ready while a route has no version to serve, and recovers once its alias exists', async () => {
    const pool = open(['other@staging'])
    await pool.refresh()
    assert.equal(pool.ready, false)
    assert.match(pool.routes()[0]!.failure!.message, /staging/)
    await fixture.registry.setAlias('other', 'staging', 1)
    await pool.refresh()
    assert.equal(pool.ready, true)
    await fixture.registry.deleteAlias('other', 'staging')
  })

  it('frees every session on close, after the requests holding them finish', async () => {
    const pool = open(['spend'])
    await pool.refresh()
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const inFlight = pool.withModel({ name: 'spend', kind: 'default' }, async (model) => {
      await held
      return answer(model)
    })
    const closed = pool.close()
    release()
    assert.equal(await inFlight, 1)
    await closed
    pools = pools.filter((p) => p !== pool)
  })

  it('joins concurrent requests to a version into fewer runs, as its batching options say', async () => {
    const registry = new Registry()
    const pool = open(['spend'], { batching: { maxRows: 8, metrics: new BatchMetrics(registry) } })
    await pool.refresh()
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => pool.withModel({ name: 'spend', kind: 'default' }, answer)),
    )
    assert.deepEqual(new Set(answers), new Set([1]))
    const text = await registry.getSingleMetricAsString('shipyard_inference_batch_requests')
    const runs = Number(
      /shipyard_inference_batch_requests_count\{model="spend",version="1"\} (\d+)/.exec(text)?.[1],
    )
    assert.ok(runs >= 3 && runs < 20, `20 requests of one row, at most 8 a run, took ${runs} runs`)
  })

  it('refuses batching options out of range when it is made, naming the option', () => {
    for (const batching of [{ maxRows: 0 }, { maxRows: 2.5 }, { maxWaitMs: -1 }]) {
      assert.throws(
        () => open([], { batching }),
        (error: unknown) =>
          error instanceof ShipyardError &&
          error.code === 'INVALID_PARAMETER_VALUE' &&
          error.message.startsWith(`batching.${Object.keys(batching)[0]}`),
      )
    }
  })
})
