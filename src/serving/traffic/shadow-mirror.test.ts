import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Registry } from 'prom-client'
import type { OnnxResult } from '../../onnx/index.js'
import type { ModelVersion } from '../../registry/index.js'
import type { ShadowLimits } from '../config/serving-settings.js'
import type { LoadedModel } from '../loaded-model.js'
import type { ModelSelector } from '../model-pool.js'
import { LINREG_SIGNATURE } from '../protocol/testing/signatures.js'
import { until } from '../testing/serving-fixtures.js'
import { ShadowMetrics } from './shadow-metrics.js'
import { type ShadowJob, ShadowMirror } from './shadow-mirror.js'
import type { MirroredRequest } from './traffic-router.js'

const SHADOW: ModelSelector = { name: 'spend', kind: 'version', version: 2 }

function version(number: number): ModelVersion {
  return { name: 'spend', version: number, signature: LINREG_SIGNATURE } as ModelVersion
}

function regression(values: number[]): Record<string, OnnxResult> {
  return {
    variable: { type: 'float32', dims: [values.length, 1], data: Float32Array.from(values) } as OnnxResult,
  }
}

/** A pool whose one model (version 2) answers `values`, once `gate` (when given) lets it. */
function fakePool(values: number[], gate?: Promise<void>) {
  const runs: number[] = []
  const model = {
    version: version(2),
    run: async () => {
      runs.push(runs.length)
      await gate
      return regression(values)
    },
  } as unknown as LoadedModel
  return {
    runs,
    pool: { withModel: <T>(_: ModelSelector, work: (m: LoadedModel) => Promise<T>) => work(model) },
  }
}

function job(
  requestId: string,
  primary: number[],
  overrides: Partial<MirroredRequest> = {},
  primaryVersion = 1,
): ShadowJob {
  return {
    model: 'spend',
    shadow: SHADOW,
    tolerance: 0.1,
    request: {
      requestId,
      primary: { version: version(primaryVersion), results: regression(primary), seconds: 0.001 },
      feedsFor: () => ({}),
      rows: { rowCount: primary.length, columns: new Map() },
      ...overrides,
    },
  }
}

function mirrorOf(pool: ReturnType<typeof fakePool>['pool'], limits: Partial<ShadowLimits> = {}) {
  const registry = new Registry()
  const mirror = new ShadowMirror({
    pool,
    limits: { concurrency: 2, queue: 4, history: 10, ...limits },
    metrics: new ShadowMetrics(registry),
  })
  const metric = async (name: string) => (await registry.getSingleMetricAsString(name)).split('\n')
  return { mirror, metric }
}

describe('ShadowMirror', () => {
  it('runs the shadow after submit returns, and compares its rows with the primary’s', async () => {
    const { pool, runs } = fakePool([1.05, 2.5, 3])
    const { mirror, metric } = mirrorOf(pool)
    mirror.submit(job('r1', [1, 2, 3]))
    assert.equal(runs.length, 0, 'the shadow ran inside submit')
    await mirror.close()
    const { counts, comparisons } = mirror.history('spend')
    assert.deepEqual(counts, { ok: 1, error: 0, dropped: 0, rows: 3, agreedRows: 2 })
    const [comparison] = comparisons
    assert.equal(comparison?.requestId, 'r1')
    assert.deepEqual(comparison?.primary.predictions, [1, 2, 3])
    assert.equal(comparison?.shadow.version, 2)
    assert.equal(comparison?.error, null)
    const labels = 'model="spend",primary_version="1",shadow_version="2"'
    const agreement = await metric('shipyard_shadow_agreement_total')
    assert.ok(
      agreement.includes(`shipyard_shadow_agreement_total{${labels},agree="true"} 2`),
      agreement.join('\n'),
    )
    assert.ok(agreement.includes(`shipyard_shadow_agreement_total{${labels},agree="false"} 1`))
    assert.ok(
      (await metric('shipyard_shadow_requests_total')).includes(
        `shipyard_shadow_requests_total{${labels},outcome="ok"} 1`,
      ),
    )
    assert.ok(
      (await metric('shipyard_shadow_latency_seconds')).includes(
        'shipyard_shadow_latency_seconds_count{model="spend",shadow_version="2"} 1',
      ),
    )
  })

  it('runs at most `concurrency` shadows, queues `queue` more and drops the rest, counted', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const { pool, runs } = fakePool([1], gate)
    const { mirror, metric } = mirrorOf(pool, { concurrency: 1, queue: 1 })
    for (const id of ['a', 'b', 'c', 'd']) mirror.submit(job(id, [1]))
    await until(() => runs.length === 1, 'the first shadow to start')
    assert.equal(mirror.history('spend').counts.dropped, 2)
    const requests = await metric('shipyard_shadow_requests_total')
    assert.ok(
      requests.includes(
        'shipyard_shadow_requests_total{model="spend",primary_version="1",shadow_version="",outcome="dropped"} 2',
      ),
    )
    release()
    await until(() => mirror.history('spend').counts.ok === 2, 'the queued shadow to run')
    assert.deepEqual(
      mirror.history('spend').comparisons.map((c) => c.requestId),
      ['b', 'a'],
    )
  })

  it('records a shadow that fails, with the version it leased and why', async () => {
    const { pool } = fakePool([1])
    const { mirror, metric } = mirrorOf(pool)
    const failing = job('r2', [1], {
      feedsFor: () => {
        throw new Error("column 'amount' is missing")
      },
    })
    mirror.submit(failing)
    await mirror.close()
    const { counts, comparisons } = mirror.history('spend')
    assert.equal(counts.error, 1)
    assert.equal(comparisons[0]?.shadow.version, 2)
    assert.match(comparisons[0]?.error ?? '', /column 'amount' is missing/)
    assert.ok(
      (await metric('shipyard_shadow_requests_total')).some((line) => line.includes('outcome="error"} 1')),
    )
  })

  it('leaves alone a request the shadow’s own version answered', async () => {
    const { pool, runs } = fakePool([1])
    const { mirror } = mirrorOf(pool)
    mirror.submit(job('same', [1], {}, 2))
    await mirror.close()
    assert.deepEqual([runs.length, mirror.history('spend').comparisons], [0, []])
    assert.deepEqual(mirror.history('spend').counts, { ok: 0, error: 0, dropped: 0, rows: 0, agreedRows: 0 })
  })

  it('keeps only the last `history` comparisons, newest first', async () => {
    const { pool } = fakePool([1])
    const { mirror } = mirrorOf(pool, { concurrency: 1, history: 2 })
    for (const id of ['a', 'b', 'c']) mirror.submit(job(id, [1]))
    await until(() => mirror.history('spend').counts.ok === 3, 'three shadows')
    assert.deepEqual(
      mirror.history('spend').comparisons.map((c) => c.requestId),
      ['c', 'b'],
    )
  })

  it('drops what waits when it closes, and what is submitted after', async () => {
    const { pool } = fakePool([1])
    const { mirror } = mirrorOf(pool, { concurrency: 1, queue: 5 })
    for (const id of ['a', 'b', 'c']) mirror.submit(job(id, [1]))
    await mirror.close()
    mirror.submit(job('d', [1]))
    assert.deepEqual(mirror.history('spend').counts, { ok: 1, error: 0, dropped: 3, rows: 1, agreedRows: 1 })
  })
})
