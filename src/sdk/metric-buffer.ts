import type { Metric } from '../tracking/index.js'

/**
 * How a `MetricBuffer` batches its writes.
 *
 * @example
 * await Shipyard.open({ metricBuffer: { intervalMs: 200 } }) // flush at least every 200 ms
 */
export interface MetricBufferOptions {
  /** Points per write, and the fill level that starts a background write. Default 1000; a run uses its store's `batchLimits.metrics`. */
  readonly batchSize?: number
  /** How long a point may wait before a background write starts. Default 1000 ms. */
  readonly intervalMs?: number
}

/**
 * Buffers metric points in memory and writes them in batches, in the order they were added.
 *
 * Contract:
 * - `add` is synchronous and never throws for a store failure; a background write starts when the
 *   buffer holds `batchSize` points, or `intervalMs` after the first unwritten point.
 * - One write is in flight at a time, so batches reach the store in order.
 * - A failed write keeps its points at the head of the buffer; the failure is kept and rethrown by
 *   the next `flush()` that cannot write them either. Nothing is dropped silently.
 * - `flush()` resolves once every point added before the call (and during it) is written.
 * - The timer is unref'd: a pending write never keeps a process alive. A process that exits
 *   without a flush loses what is still buffered.
 *
 * @example
 * const buffer = new MetricBuffer((points) => store.logBatch(runId, { metrics: points }))
 * buffer.add({ key: 'loss', value: 0.3, step: 1, timestamp: Date.now() })
 * await buffer.flush()
 */
export class MetricBuffer {
  readonly #write: (points: readonly Metric[]) => Promise<void>
  readonly #batchSize: number
  readonly #intervalMs: number
  #pending: Metric[] = []
  #draining: Promise<void> | null = null
  #timer: NodeJS.Timeout | null = null
  /** The last write failure whose points are still pending; cleared once they are written. */
  #failure: { readonly error: unknown } | null = null

  constructor(write: (points: readonly Metric[]) => Promise<void>, options: MetricBufferOptions = {}) {
    this.#write = write
    this.#batchSize = options.batchSize ?? 1000
    this.#intervalMs = options.intervalMs ?? 1000
  }

  /** Points not yet written (including a batch being written right now). */
  get size(): number {
    return this.#pending.length
  }

  /** The failure of the last write, while its points are still pending. */
  get failure(): unknown {
    return this.#failure?.error
  }

  /** Queues one point; starts a background write when the buffer is full. */
  add(point: Metric): void {
    this.#pending.push(point)
    if (this.#pending.length >= this.#batchSize) this.#startDrain()
    else if (this.#timer === null && this.#draining === null) this.#armTimer()
  }

  /** Writes everything buffered; rejects with the store's error when some points cannot be written. */
  async flush(): Promise<void> {
    // A background write may be in flight: wait for it, then write whatever it left (its failed
    // batch included, which is the retry the contract promises).
    if (this.#draining) await this.#draining
    if (this.#pending.length > 0) await this.#startDrain()
    if (this.#failure) throw this.#failure.error
  }

  /** Stops the timer; pending points stay pending. */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }

  #armTimer(): void {
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#startDrain()
    }, this.#intervalMs)
    this.#timer.unref()
  }

  #startDrain(): Promise<void> {
    this.dispose()
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null
    })
    return this.#draining
  }

  /** Never rejects: a failure is recorded in `#failure` for the next `flush()`. */
  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.slice(0, this.#batchSize)
      try {
        await this.#write(batch)
      } catch (error) {
        this.#failure = { error }
        return
      }
      // Points added while the write was in flight were pushed behind the batch, so it is still the head.
      this.#pending.splice(0, batch.length)
    }
    this.#failure = null
  }
}
