import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Registry } from 'prom-client'
import type { OnnxFeed, OnnxResult } from '../onnx/index.js'
import type { ModelVersion } from '../registry/index.js'
import { type BatchingOptions, BatchMetrics } from './batching/index.js'
import { LoadedModel, type ModelSession } from './loaded-model.js'
import { loadModel } from './model-loader.js'
import {
  openServingFixture,
  registerClassifier,
  registerRegressor,
  type ServingFixture,
} from './testing/serving-fixtures.js'

type Feeds = Record<string, OnnxFeed>
const CITIES = ['oslo', 'lima', 'paris']

/** `count` rows with distinct amounts from `first` (amount, city), as the tiny models take them. */
function rowsFrom(first: number, count: number): Feeds {
  const amounts = Float64Array.from({ length: count }, (_, i) => (first + i) * 0.25)
  return {
    amount: { type: 'double', data: amounts, dims: [count, 1] },
    city: {
      type: 'string',
      data: Array.from({ length: count }, (_, i) => CITIES[(first + i) % CITIES.length]!),
      dims: [count, 1],
    },
  }
}

function plain(results: Record<string, OnnxResult>) {
  return Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      { type: r.type, data: [...r.data], dims: [...r.dims] },
    ]),
  )
}

/** Runs, rows and requests the batch histograms counted, and the runs within `maxRows`. */
async function batchStats(registry: Registry, maxRows = 0) {
  type Value = { value: number; labels: Record<string, unknown>; metricName?: string }
  const read = async (name: string) => (await registry.getSingleMetric(name)!.get()).values as Value[]
  const rows = await read('shipyard_inference_batch_rows')
  const requests = await read('shipyard_inference_batch_requests')
  const total = (values: typeof rows, metric: string) =>
    values.filter((v) => v.metricName === metric).reduce((sum, v) => sum + v.value, 0)
  return {
    runs: total(rows, 'shipyard_inference_batch_rows_count'),
    rows: total(rows, 'shipyard_inference_batch_rows_sum'),
    requests: total(requests, 'shipyard_inference_batch_requests_sum'),
    runsWithinMaxRows: rows.find((v) => v.metricName?.endsWith('_bucket') && v.labels.le === maxRows)?.value,
  }
}

describe('LoadedModel batching on a real model', () => {
  let fixture: ServingFixture
  const loaded: LoadedModel[] = []
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 3)
    await registerClassifier(fixture.registry, 'big')
  })
  after(async () => {
    await Promise.all(loaded.map((model) => model.retire()))
    await fixture.close()
  })
  const load = async (name: string, batching: BatchingOptions) => {
    const model = await loadModel(fixture.registry, name, 1, { batching })
    loaded.push(model)
    return model
  }
  const withMetrics = (maxRows: number) => {
    const registry = new Registry()
    return { registry, batching: { maxRows, metrics: new BatchMetrics(registry) } }
  }

  for (const name of ['spend', 'big']) {
    it(`answers 200 concurrent requests of 1 to 5 rows to '${name}' each with its own rows, in order, as alone, in fewer runs`, async () => {
      const { registry, batching } = withMetrics(16)
      const batched = await load(name, batching)
      const alone = await load(name, { maxRows: 1 })
      let first = 0
      const requests = Array.from({ length: 200 }, (_, i) => {
        const feeds = rowsFrom(first, 1 + (i % 5))
        first += 1 + (i % 5)
        return feeds
      })
      const expected: ReturnType<typeof plain>[] = []
      for (const feeds of requests) expected.push(plain(await alone.run(feeds)))

      const answers = await Promise.all(requests.map((feeds) => batched.run(feeds)))
      for (const [i, answer] of answers.entries())
        assert.deepEqual(plain(answer), expected[i], `request ${i}`)
      const stats = await batchStats(registry, 16)
      assert.equal(stats.requests, 200)
      assert.equal(stats.rows, first)
      assert.ok(stats.runs < 200 / 2, `joined into ${stats.runs} runs`)
      assert.equal(stats.runsWithinMaxRows, stats.runs, 'no run holds more than 16 rows')
    })
  }

  it('runs a request to an idle model at once in one run, and a request over maxRows alone', async () => {
    const { registry, batching } = withMetrics(16)
    const model = await load('spend', batching)
    await model.run(rowsFrom(0, 3))
    assert.deepEqual(await batchStats(registry), {
      runs: 1,
      rows: 3,
      requests: 1,
      runsWithinMaxRows: undefined,
    })

    const answers = await Promise.all([
      model.run(rowsFrom(0, 1)),
      model.run(rowsFrom(1, 40)),
      model.run(rowsFrom(41, 2)),
    ])
    assert.deepEqual(
      answers.map((answer) => answer.prediction!.dims[0]),
      [1, 40, 2],
    )
    const stats = await batchStats(registry, 16)
    assert.deepEqual(
      [stats.runs, stats.requests],
      [4, 4],
      'the 40 rows were not joined with the 2 after them',
    )
    assert.equal(stats.runsWithinMaxRows, 3)
  })

  it('fails only the request onnxruntime cannot run; the requests joined with it get their answers', async () => {
    const { registry, batching } = withMetrics(256)
    const model = await load('big', batching)
    const alone = await load('big', { maxRows: 1 })
    const good = Array.from({ length: 20 }, (_, i) => rowsFrom(i * 2, 2))
    // Two amounts in one row of an input that takes one: refused by onnxruntime, joined or alone.
    const bad: Feeds = {
      ...rowsFrom(0, 1),
      amount: { type: 'double', data: Float64Array.of(1, 2), dims: [1, 2] },
    }
    const requests = [...good.slice(0, 10), bad, ...good.slice(10)]
    const settled = await Promise.allSettled(requests.map((feeds) => model.run(feeds)))
    for (const [i, outcome] of settled.entries()) {
      if (requests[i] === bad) {
        assert.equal(outcome.status, 'rejected')
        continue
      }
      assert.equal(outcome.status, 'fulfilled', `request ${i}`)
      assert.deepEqual(
        plain((outcome as PromiseFulfilledResult<never>).value),
        plain(await alone.run(requests[i]!)),
      )
    }
    assert.ok((await batchStats(registry)).runs > 2, 'the failed joined run was split')
  })

  it('lets the runs waiting to be joined finish before retiring frees the session', async () => {
    const model = await load('spend', {})
    const answers = Array.from({ length: 30 }, (_, i) => model.run(rowsFrom(i, 2)))
    const retired = model.retire()
    const results = await Promise.all(answers)
    assert.ok(results.every((result) => result.prediction!.dims[0] === 2))
    await retired
  })
})

/** A session that answers each row's amount, holds runs until let go, and logs runs and release. */
function fakeSession() {
  const events: string[] = []
  let inFlight = 0
  let mostInFlight = 0
  const holds: (() => void)[] = []
  const session: ModelSession = {
    run: async (feeds) => {
      const amounts = feeds.amount!.data as Float64Array
      events.push(`run ${amounts.length}`)
      mostInFlight = Math.max(mostInFlight, ++inFlight)
      await new Promise<void>((resolve) => holds.push(resolve))
      inFlight--
      return { prediction: { type: 'float', data: Float32Array.from(amounts), dims: [amounts.length, 1] } }
    },
    release: async () => {
      events.push('release')
    },
  }
  const letGo = () => {
    for (const resolve of holds.splice(0)) resolve()
  }
  return { session, events, letGo, mostInFlight: () => mostInFlight }
}

const VERSION = {
  name: 'spend',
  version: 1,
  signature: {
    format: 'shipyard.signature',
    version: 1,
    task: 'regression',
    target: 'spend',
    inputs: [{ name: 'amount', type: 'double', shape: [-1, 1], columnType: 'numeric' }],
    outputs: [{ name: 'prediction', type: 'float', shape: [-1, 1] }],
  },
} as unknown as ModelVersion

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('LoadedModel with a fake session', () => {
  const amounts = (n: number): Feeds => ({
    amount: { type: 'double', data: Float64Array.from({ length: n }, (_, i) => i), dims: [n, 1] },
  })

  it('frees the session only after the queued runs are answered', async () => {
    const fake = fakeSession()
    const model = new LoadedModel(VERSION, fake.session, 0, { maxRows: 256, maxWaitMs: 0 })
    const answers = [1, 2, 3].map((n) => model.run(amounts(n)))
    const retired = model.retire()
    while (fake.events.at(-1) !== 'release') {
      await settle()
      fake.letGo()
    }
    await retired
    await Promise.all(answers)
    assert.deepEqual(fake.events, ['run 1', 'run 5', 'release'])
    assert.equal(model.tryAcquire(), false)
  })

  it('runs each request on its own, concurrently, with maxRows 1 or a signature without rows first', async () => {
    const fixedRows = {
      ...VERSION,
      signature: {
        ...VERSION.signature,
        inputs: [{ ...VERSION.signature.inputs[0]!, shape: [1, 1] }],
      },
    } as ModelVersion
    for (const [version, batching] of [
      [VERSION, { maxRows: 1, maxWaitMs: 0 }],
      [fixedRows, { maxRows: 256, maxWaitMs: 0 }],
      [VERSION, undefined],
    ] as const) {
      const fake = fakeSession()
      const model = new LoadedModel(version, fake.session, 0, batching)
      const answers = [1, 1, 1].map((n) => model.run(amounts(n)))
      await settle()
      fake.letGo()
      await Promise.all(answers)
      assert.deepEqual(fake.events, ['run 1', 'run 1', 'run 1'])
      assert.equal(fake.mostInFlight(), 3)
    }
  })
})
