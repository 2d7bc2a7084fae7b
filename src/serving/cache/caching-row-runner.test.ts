import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { Registry } from 'prom-client'
import type { OnnxFeed } from '../../onnx/index.js'
import type { LoadedModel } from '../loaded-model.js'
import { ModelPool } from '../model-pool.js'
import { buildFeeds, decodeV1 } from '../protocol/index.js'
import {
  openServingFixture,
  registerClassifier,
  registerRegressor,
  type ServingFixture,
} from '../testing/serving-fixtures.js'
import { cacheOutcomeOf } from './cache-outcome.js'
import { openPredictionCache, type PredictionCache } from './prediction-cache.js'

const rows = {
  a: { amount: 3, city: 'lima' },
  b: { amount: 25, city: 'oslo' },
  c: { amount: 38, city: 'lima' },
  d: { amount: 12, city: 'oslo' },
}
type Row = keyof typeof rows

describe('CachingRowRunner', () => {
  let fixture: ServingFixture
  let pool: ModelPool
  let cache: PredictionCache
  const enabled = new Set(['spend', 'big'])
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await registerRegressor(fixture.registry, 'spend', 10)
    await registerClassifier(fixture.registry, 'big')
    await registerClassifier(fixture.registry, 'plain')
    pool = new ModelPool({ registry: fixture.registry, routes: [] })
    cache = openPredictionCache({ enabled: (name) => enabled.has(name), registry: new Registry() })
  })
  after(async () => {
    await cache.close()
    await pool.close()
    await fixture.close()
  })

  /**
   * Answers `names` rows with version `version` of `model` through the cache, and also directly;
   * tells which rows the model was run on.
   */
  function answer(model: string, names: readonly Row[], version = 1) {
    const request = {} as FastifyRequest
    return pool.withModel({ name: model, kind: 'version', version }, async (loaded) => {
      const { signature } = loaded.version
      const batch = decodeV1({ instances: names.map((name) => rows[name]) }, signature)
      const feeds = buildFeeds(batch, signature, { maxRows: 100, unknownColumns: 'reject' })
      const ran: number[] = []
      const results = await cache.runner.run(counting(loaded, ran), batch, feeds, request)
      return { results, direct: await loaded.run(feeds), ran, outcome: cacheOutcomeOf(request) }
    })
  }

  for (const model of ['spend', 'big']) {
    it(`answers ${model}'s cached and new rows together exactly as an uncached run, running only the new`, async () => {
      const first = await answer(model, ['b', 'd'])
      assert.equal(first.outcome, 'miss')
      assert.deepEqual(first.results, first.direct)
      assert.deepEqual(first.ran, [2])

      const mixed = await answer(model, ['a', 'b', 'c', 'd', 'b', 'a'])
      assert.equal(mixed.outcome, 'partial')
      assert.deepEqual(mixed.results, mixed.direct)
      assert.deepEqual(mixed.ran, [2], 'a and c, each once')

      const cached = await answer(model, ['d', 'c', 'b', 'a'])
      assert.equal(cached.outcome, 'hit')
      assert.deepEqual(cached.results, cached.direct)
      assert.deepEqual(cached.ran, [])
    })
  }

  it('never answers a version with another version’s rows', async () => {
    const one = await answer('spend', ['a', 'b'], 1)
    const ten = await answer('spend', ['a', 'b'], 2)
    assert.equal(ten.outcome, 'miss')
    assert.deepEqual(ten.results, ten.direct)
    assert.notDeepEqual(ten.results, one.results)
  })

  it('runs every row, and tags nothing, for a model whose cache is off', async () => {
    await answer('plain', ['a', 'b'])
    const again = await answer('plain', ['a', 'b'])
    assert.equal(again.outcome, undefined)
    assert.deepEqual(again.ran, [2])
    enabled.add('plain')
    assert.equal((await answer('plain', ['a', 'b'])).outcome, 'miss', 'asked at every request')
  })
})

/** `model`, noting the row count of every run in `ran`. */
function counting(model: LoadedModel, ran: number[]): LoadedModel {
  const spy = Object.create(model) as LoadedModel
  spy.run = (feeds: Readonly<Record<string, OnnxFeed>>) => {
    ran.push(Object.values(feeds)[0]!.dims[0]!)
    return model.run(feeds)
  }
  return spy
}
