import { invalidValue } from '../../shared/index.js'
import type { PredictionLogStore, PredictionRecord } from './prediction-log.js'
import { checkSampleRate, keepsRequest } from './request-sampling.js'

/** Options of {@link PredictionLogWriter}; every field is optional. */
export interface PredictionLogWriterOptions {
  /** Records the queue holds; one logged while it is full is dropped and counted. Default 100,000. */
  readonly capacity?: number
  /** Records per append; a flush starts as soon as this many wait. Default 5,000. */
  readonly batchSize?: number
  /** Everything queued is appended at least this often, ms. Default 1000. */
  readonly flushIntervalMs?: number
  /** Wait before the one retry of a failed append, ms. Default 500. */
  readonly retryDelayMs?: number
  /** Share of requests logged (0..1), by model; see `setSampleRate`. Models not named log every request. */
  readonly sampleRates?: Readonly<Record<string, number>>
  /** Told of each batch lost after its retry failed (its records are counted in `failed`). */
  readonly onError?: (error: unknown, lostRecords: number) => void
}

/** What the writer did since it started: counters for Prometheus, and the records waiting now. */
export interface PredictionLogWriterStats {
  /** Records waiting to be appended, including the batch being appended. */
  readonly queued: number
  /** Records appended. */
  readonly written: number
  /** Records refused because the queue was full (or the writer closed). */
  readonly dropped: number
  /** Records lost to an append that failed twice. */
  readonly failed: number
  /** Records not logged because their request was sampled out. */
  readonly sampledOut: number
}

/**
 * The asynchronous, batched writer in front of a {@link PredictionLogStore}, for the serving hot path:
 * `log` never blocks, throws or awaits; it only queues. Batches are appended one at a time, every
 * `flushIntervalMs` and whenever `batchSize` records wait; the append starts on a later turn of the
 * event loop, never inside `log`. Memory is bounded by `capacity` queued records plus one batch in
 * flight. A failed append is retried once, then its records are counted as failed and reported to
 * `onError`; nothing the store does can crash the process.
 *
 * Sampling keeps or drops whole requests (see `keepsRequest`). `close` appends everything queued;
 * records logged after it are dropped. The writer does not own the store: close that yourself, after.
 *
 * @example
 * const writer = new PredictionLogWriter(store, { sampleRates: { churn: 0.25 } })
 * writer.log(record) // in the request handler
 * await writer.close() // at shutdown
 */
export class PredictionLogWriter {
  readonly #store: Pick<PredictionLogStore, 'append'>
  readonly #capacity: number
  readonly #batchSize: number
  readonly #retryDelayMs: number
  readonly #onError: (error: unknown, lostRecords: number) => void
  readonly #rates = new Map<string, number>()
  readonly #timer: NodeJS.Timeout
  #queue: PredictionRecord[] = []
  #inFlight = 0
  #flushing: Promise<void> | null = null
  #drainAll = false
  #closed = false
  #written = 0
  #dropped = 0
  #failed = 0
  #sampledOut = 0

  constructor(store: Pick<PredictionLogStore, 'append'>, options: PredictionLogWriterOptions = {}) {
    this.#store = store
    this.#capacity = positive(options.capacity ?? 100_000, 'capacity')
    this.#batchSize = positive(options.batchSize ?? 5000, 'batchSize')
    this.#retryDelayMs = options.retryDelayMs ?? 500
    this.#onError = options.onError ?? (() => {})
    for (const [model, rate] of Object.entries(options.sampleRates ?? {})) this.setSampleRate(model, rate)
    const interval = positive(options.flushIntervalMs ?? 1000, 'flushIntervalMs')
    this.#timer = setInterval(() => this.#requestFlush(true), interval)
    this.#timer.unref()
  }

  /** Queues one record (or drops and counts it); returns at once and never throws. */
  log(record: PredictionRecord): void {
    try {
      if (!this.keeps(record.model, record.requestId)) {
        this.#sampledOut++
      } else if (this.#closed || this.#queue.length >= this.#capacity) {
        this.#dropped++
      } else {
        this.#queue.push(record)
        if (this.#queue.length >= this.#batchSize) this.#requestFlush(false)
      }
    } catch {
      this.#dropped++
    }
  }

  /**
   * Whether a request of `model` is logged at the model's sample rate: a caller may skip building the
   * records of one that is not (`log` would count and drop them).
   */
  keeps(model: string, requestId: string): boolean {
    return keepsRequest(requestId, this.#rates.get(model) ?? 1)
  }

  /** Sets the share of `model`'s requests logged, 0..1 (`INVALID_PARAMETER_VALUE` outside). */
  setSampleRate(model: string, rate: number): void {
    this.#rates.set(model, checkSampleRate(rate, `sampleRates.${model}`))
  }

  /** The counters; a fresh object each call. */
  get stats(): PredictionLogWriterStats {
    return {
      queued: this.#queue.length + this.#inFlight,
      written: this.#written,
      dropped: this.#dropped,
      failed: this.#failed,
      sampledOut: this.#sampledOut,
    }
  }

  /** Appends everything queued now; resolves once it is written (or counted as failed). Never rejects. */
  async flush(): Promise<void> {
    while (this.#queue.length > 0 || this.#flushing) {
      this.#requestFlush(true)
      await this.#flushing
    }
  }

  /** Stops the timer and flushes; later records are dropped. Never rejects. */
  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#timer)
    await this.flush()
  }

  #requestFlush(all: boolean): void {
    if (all) this.#drainAll = true
    // The append starts on a later turn: a request handler calling `log` never runs store code.
    this.#flushing ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#drain())
      .finally(() => {
        this.#flushing = null
      })
  }

  // A timed flush appends the records waiting when it is asked for, not those that arrive during its
  // appends: under steady traffic that is one append per interval rather than one after another.
  async #drain(): Promise<void> {
    let due = 0
    for (;;) {
      if (this.#drainAll) {
        due = this.#queue.length
        this.#drainAll = false
      }
      if (due <= 0 && this.#queue.length < this.#batchSize) return
      const batch = this.#take()
      due -= batch.length
      this.#inFlight = batch.length
      await this.#append(batch)
      this.#inFlight = 0
    }
  }

  #take(): PredictionRecord[] {
    if (this.#queue.length <= this.#batchSize) {
      const batch = this.#queue
      this.#queue = []
      return batch
    }
    return this.#queue.splice(0, this.#batchSize)
  }

  async #append(batch: PredictionRecord[]): Promise<void> {
    try {
      await this.#tryAppend(batch)
    } catch {
      await new Promise((resolve) => setTimeout(resolve, this.#retryDelayMs))
      try {
        await this.#tryAppend(batch)
      } catch (error) {
        this.#failed += batch.length
        try {
          this.#onError(error, batch.length)
        } catch {
          // A throwing error handler must not stop the writer either.
        }
        return
      }
    }
    this.#written += batch.length
  }

  // A store that throws synchronously fails like one that rejects.
  async #tryAppend(batch: PredictionRecord[]): Promise<void> {
    await this.#store.append(batch)
  }
}

function positive(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw invalidValue(field, `must be a whole number >= 1, got ${value}`)
  return value
}
