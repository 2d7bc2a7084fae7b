import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Metric } from '../tracking/index.js'
import { MetricBuffer } from './metric-buffer.js'

function point(step: number, key = 'loss'): Metric {
  return { key, value: step / 10, step, timestamp: 1_700_000_000_000 + step }
}

/** A writer that records each batch, and fails while `failing` is set. */
function recorder() {
  const batches: Metric[][] = []
  const state = { failing: false as false | Error }
  const write = async (points: readonly Metric[]) => {
    await sleep(1)
    if (state.failing) throw state.failing
    batches.push([...points])
  }
  return { batches, state, write, written: () => batches.flat() }
}

describe('MetricBuffer', () => {
  it('writes nothing until flushed, then everything in order', async () => {
    const r = recorder()
    const buffer = new MetricBuffer(r.write, { intervalMs: 60_000 })
    for (let step = 0; step < 5; step++) buffer.add(point(step))
    await sleep(5)
    assert.equal(r.batches.length, 0)
    assert.equal(buffer.size, 5)
    await buffer.flush()
    assert.deepEqual(
      r.written(),
      [0, 1, 2, 3, 4].map((s) => point(s)),
    )
    assert.equal(buffer.size, 0)
  })

  it('splits a large buffer into batches of at most batchSize, keeping order', async () => {
    const r = recorder()
    const buffer = new MetricBuffer(r.write, { intervalMs: 60_000 })
    for (let step = 0; step < 2500; step++) buffer.add(point(step))
    await buffer.flush()
    assert.deepEqual(
      r.batches.map((b) => b.length),
      [1000, 1000, 500],
    )
    assert.deepEqual(
      r.written().map((p) => p.step),
      Array.from({ length: 2500 }, (_, i) => i),
    )
  })

  it('starts a background write once the buffer is full', async () => {
    const r = recorder()
    const buffer = new MetricBuffer(r.write, { batchSize: 10, intervalMs: 60_000 })
    for (let step = 0; step < 10; step++) buffer.add(point(step))
    await sleep(20)
    assert.equal(r.written().length, 10)
  })

  it('writes on its timer when the buffer does not fill', async () => {
    const r = recorder()
    const buffer = new MetricBuffer(r.write, { intervalMs: 20 })
    buffer.add(point(1))
    await sleep(80)
    assert.deepEqual(r.written(), [point(1)])
  })

  it('keeps the points of a failed background write and rethrows the failure on flush', async () => {
    const r = recorder()
    const boom = new Error('store down')
    r.state.failing = boom
    const buffer = new MetricBuffer(r.write, { batchSize: 2, intervalMs: 60_000 })
    buffer.add(point(0))
    buffer.add(point(1)) // full: background write, which fails
    await sleep(20)
    assert.equal(buffer.failure, boom)
    buffer.add(point(2))
    await assert.rejects(buffer.flush(), boom)
    assert.equal(buffer.size, 3)
    r.state.failing = false
    await buffer.flush()
    assert.deepEqual(
      r.written().map((p) => p.step),
      [0, 1, 2],
    )
    assert.equal(buffer.failure, undefined)
  })

  it('lets a flush started during a background write wait for it and write what came after', async () => {
    const r = recorder()
    const buffer = new MetricBuffer(r.write, { batchSize: 3, intervalMs: 60_000 })
    for (let step = 0; step < 4; step++) buffer.add(point(step))
    const first = buffer.flush()
    buffer.add(point(4))
    const second = buffer.flush()
    await Promise.all([first, second])
    assert.deepEqual(
      r.written().map((p) => p.step),
      [0, 1, 2, 3, 4],
    )
  })
})
