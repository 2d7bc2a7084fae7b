import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { PredictionLogStore, PredictionRecord } from './prediction-log.js'
import { testRecord } from './prediction-log.test-suite.js'
import { PredictionLogWriter, type PredictionLogWriterOptions } from './prediction-log-writer.js'

/** A store that records appended batches; appends can be held on a gate or made to fail. */
class RecordingStore {
  readonly batches: PredictionRecord[][] = []
  calls = 0
  failures = 0
  gate: Promise<void> | null = null
  throwSync = false

  get records(): PredictionRecord[] {
    return this.batches.flat()
  }

  async append(records: readonly PredictionRecord[]): Promise<void> {
    this.calls++
    if (this.throwSync) throw new Error('sync failure')
    await this.gate
    if (this.failures > 0) {
      this.failures--
      throw new Error('append failed')
    }
    this.batches.push([...records])
  }
}

// Only `append` is the writer's to call; the rest of the port is never reached.
function writerOn(store: RecordingStore, options: PredictionLogWriterOptions = {}): PredictionLogWriter {
  return new PredictionLogWriter(store as unknown as PredictionLogStore, {
    flushIntervalMs: 3_600_000,
    retryDelayMs: 0,
    ...options,
  })
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve))
}

const records = (n: number, prefix = 'r') =>
  Array.from({ length: n }, (_, i) => testRecord(`${prefix}${i}`, 1))

describe('PredictionLogWriter', () => {
  it('loses nothing of a burst while the queue has room, appending in order in batches', async () => {
    const store = new RecordingStore()
    const writer = writerOn(store, { capacity: 1000, batchSize: 100 })
    const burst = records(950)
    for (const record of burst) writer.log(record)
    await writer.flush()
    assert.deepEqual(store.records, burst)
    assert.ok(store.batches.every((b) => b.length <= 100))
    assert.deepEqual(writer.stats, { queued: 0, written: 950, dropped: 0, failed: 0, sampledOut: 0 })
    await writer.close()
  })

  it('starts a batch once batchSize records wait, never inside log', async () => {
    const store = new RecordingStore()
    const writer = writerOn(store, { batchSize: 100 })
    for (const record of records(250)) writer.log(record)
    assert.equal(store.calls, 0)
    await until(() => store.batches.length === 2)
    assert.deepEqual(
      store.batches.map((b) => b.length),
      [100, 100],
    )
    assert.equal(writer.stats.queued, 50)
    await writer.close()
    assert.equal(writer.stats.written, 250)
  })

  it('appends what waits every flushIntervalMs', async () => {
    const store = new RecordingStore()
    const writer = writerOn(store, { flushIntervalMs: 5 })
    writer.log(testRecord('only', 1))
    await until(() => store.batches.length === 1)
    assert.equal(writer.stats.written, 1)
    await writer.close()
  })

  it('drops and counts records when the queue is full, while an append is held', async () => {
    const store = new RecordingStore()
    let release = () => {}
    store.gate = new Promise((resolve) => {
      release = resolve
    })
    const writer = writerOn(store, { capacity: 10, batchSize: 5 })
    for (const record of records(5, 'first')) writer.log(record)
    await until(() => store.calls === 1)
    for (const record of records(15, 'more')) writer.log(record)
    assert.deepEqual(writer.stats, { queued: 15, written: 0, dropped: 5, failed: 0, sampledOut: 0 })
    release()
    await writer.close()
    assert.deepEqual(
      store.records.map((r) => r.requestId),
      [...records(5, 'first'), ...records(10, 'more')].map((r) => r.requestId),
    )
    assert.deepEqual(writer.stats, { queued: 0, written: 15, dropped: 5, failed: 0, sampledOut: 0 })
  })

  it('retries a failed append once, then counts the batch as failed and carries on', async () => {
    const store = new RecordingStore()
    const lost: number[] = []
    const writer = writerOn(store, { batchSize: 3, onError: (_, count) => lost.push(count) })
    store.failures = 1
    for (const record of records(3, 'a')) writer.log(record)
    await writer.flush()
    assert.equal(store.calls, 2)
    assert.equal(writer.stats.written, 3)
    store.failures = 2
    for (const record of records(3, 'b')) writer.log(record)
    await writer.flush()
    assert.deepEqual(lost, [3])
    for (const record of records(3, 'c')) writer.log(record)
    await writer.flush()
    assert.deepEqual(writer.stats, { queued: 0, written: 6, dropped: 0, failed: 3, sampledOut: 0 })
    await writer.close()
  })

  it('survives a store that throws synchronously and an error handler that throws', async () => {
    const store = new RecordingStore()
    store.throwSync = true
    const writer = writerOn(store, {
      onError: () => {
        throw new Error('handler failed')
      },
    })
    writer.log(testRecord('a', 1))
    await writer.close()
    assert.equal(writer.stats.failed, 1)
  })

  it('keeps or drops whole requests by sample rate, the same way every time', async () => {
    const store = new RecordingStore()
    const writer = writerOn(store, { sampleRates: { churn: 0.25 } })
    for (let request = 0; request < 400; request++) {
      for (const row of [0, 1, 2]) writer.log(testRecord(`req-${request}`, 1, { row }))
      writer.log(testRecord(`req-${request}`, 1, { arm: 'shadow' }))
      writer.log(testRecord(`req-${request}`, 1, { model: 'fraud' }))
    }
    await writer.close()
    const churn = new Map<string, number>()
    for (const r of store.records.filter((r) => r.model === 'churn')) {
      churn.set(r.requestId, (churn.get(r.requestId) ?? 0) + 1)
    }
    assert.ok([...churn.values()].every((rows) => rows === 4))
    assert.ok(churn.size > 60 && churn.size < 140, `${churn.size} of 400 requests kept at 0.25`)
    assert.ok([...churn.keys()].every((id) => writer.keeps('churn', id)))
    assert.equal(store.records.filter((r) => r.model === 'fraud').length, 400)
    assert.equal(writer.stats.sampledOut, (400 - churn.size) * 4)
  })

  it('flushes on close, then drops what is logged after; log never throws', async () => {
    const store = new RecordingStore()
    const writer = writerOn(store)
    writer.log(testRecord('before', 1))
    await writer.close()
    writer.log(testRecord('after', 1))
    writer.log(null as unknown as PredictionRecord)
    assert.deepEqual(
      store.records.map((r) => r.requestId),
      ['before'],
    )
    assert.equal(writer.stats.dropped, 2)
  })

  it('refuses a sample rate outside 0..1 and bad sizes', () => {
    const store = new RecordingStore()
    assert.throws(
      () => writerOn(store, { sampleRates: { churn: 1.5 } }),
      /sampleRates\.churn: must be a number from 0 to 1/,
    )
    assert.throws(() => writerOn(store, { capacity: 0 }), /capacity: must be a whole number >= 1/)
  })
})
