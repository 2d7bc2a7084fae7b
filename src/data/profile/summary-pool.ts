/**
 * A small pool of worker threads that summarise numeric columns in parallel with the main thread. A
 * profile is dominated by one sort per numeric column; pandas `describe` is single-threaded, so the
 * spare cores are the cheapest speed-up. The pool is created once per process, on first use, and its
 * workers are unreferenced while idle, so they never keep the process alive.
 *
 * Each worker owns `WORKER_DEPTH` SharedArrayBuffers: the main thread copies a column into a free one
 * (a memcpy, ~2 ms per million doubles, far less than the ~20 ms summary) and the worker reads it in
 * place. Two columns are queued per worker so that it never waits for the main thread, which is busy
 * profiling columns of its own.
 */
import { availableParallelism } from 'node:os'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { ShipyardError, startWorker } from '../../shared/index.js'
import type { NumericArray } from '../column.js'
import type { NumericSummary } from './numeric-summary.js'

/** What the main thread sends: `length` values of the column in `buffer`. */
export interface SummaryRequest {
  readonly buffer: SharedArrayBuffer
  readonly length: number
  readonly float32: boolean
  readonly bins: number
}

/** What a worker answers: the summary, or the failure's stack. */
export type SummaryResponse = { readonly summary: NumericSummary } | { readonly error: string }

/** Most workers the pool starts, whatever the core count: beyond it memory grows for little gain. */
const MAX_WORKERS = 7

/** The worker count used by default: one per core beyond the main thread's, up to `MAX_WORKERS`. */
export function defaultWorkerCount(): number {
  return Math.max(0, Math.min(MAX_WORKERS, availableParallelism() - 1))
}

/** Columns queued on one worker at once: the next waits in its port while it works on one. */
export const WORKER_DEPTH = 2

interface Pending {
  readonly resolve: (summary: NumericSummary) => void
  readonly reject: (error: Error) => void
}

/**
 * One worker with `WORKER_DEPTH` shared buffers. The worker answers in order, so the k-th request
 * uses buffer k mod depth, and that buffer is free again once the answer k - depth has arrived.
 */
class PoolWorker {
  readonly #worker: Worker
  readonly #buffers: SharedArrayBuffer[] = Array.from(
    { length: WORKER_DEPTH },
    () => new SharedArrayBuffer(0),
  )
  readonly #pending: Pending[] = []
  #sent = 0

  constructor(url: URL) {
    this.#worker = startWorker(url)
    this.#worker.unref()
    this.#worker.on('message', (response: SummaryResponse) => this.#settle(response))
    this.#worker.on('error', (error) => this.#fail(error))
    this.#worker.on('exit', (code) => this.#fail(new Error(`profile worker exited with code ${code}`)))
  }

  /**
   * Copies `values` into a shared buffer and summarises them on the worker. At most `WORKER_DEPTH`
   * calls may be in flight.
   */
  summarise(values: NumericArray, bins: number): Promise<NumericSummary> {
    if (this.#pending.length >= WORKER_DEPTH)
      throw new Error('PoolWorker.summarise: too many calls in flight')
    const slot = this.#sent++ % WORKER_DEPTH
    let buffer = this.#buffers[slot]!
    if (buffer.byteLength < values.byteLength) {
      buffer = new SharedArrayBuffer(values.byteLength)
      this.#buffers[slot] = buffer
    }
    const float32 = values instanceof Float32Array
    const view = float32
      ? new Float32Array(buffer, 0, values.length)
      : new Float64Array(buffer, 0, values.length)
    view.set(values)
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) this.#worker.ref()
      this.#pending.push({ resolve, reject })
      const request: SummaryRequest = { buffer, length: values.length, float32, bins }
      this.#worker.postMessage(request)
    })
  }

  #settle(response: SummaryResponse): void {
    const pending = this.#pending.shift()
    if (this.#pending.length === 0) this.#worker.unref()
    if (pending === undefined) return
    if ('summary' in response) pending.resolve(response.summary)
    else pending.reject(new Error(response.error))
  }

  #fail(error: Error): void {
    broken.add(this)
    this.#worker.unref()
    for (const pending of this.#pending.splice(0)) pending.reject(error)
  }
}

const broken = new WeakSet<PoolWorker>()
const pool: PoolWorker[] = []

/**
 * `count` live workers, started on first need and reused across profiles (a dead one is replaced).
 * The worker module has the extension of this one: `.ts` under tsx, `.js` once built.
 */
export function summaryWorkers(count: number): readonly SummaryWorker[] {
  for (let i = pool.length - 1; i >= 0; i--) if (broken.has(pool[i]!)) pool.splice(i, 1)
  const url = new URL(`./summary-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)
  while (pool.length < count) pool.push(new PoolWorker(url))
  return pool.slice(0, count)
}

/** A pooled worker: `summarise` copies a column to it and resolves with its summary. */
export type SummaryWorker = Pick<PoolWorker, 'summarise'>

/** Wraps a worker failure as the profile's error, keeping the worker's stack as the cause. */
export function workerFailure(column: string, cause: unknown): ShipyardError {
  return new ShipyardError('INTERNAL_ERROR', `profiling column '${column}' on a worker thread failed`, {
    cause,
  })
}
