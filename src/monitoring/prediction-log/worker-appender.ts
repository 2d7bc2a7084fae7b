import { extname } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { startWorker } from '../../shared/index.js'
import type { EmbeddedPredictionLogOptions, PredictionLogConfig } from './open-prediction-log.js'
import type { PredictionLogStore, PredictionRecord } from './prediction-log.js'

/** What the worker opens. */
export interface AppenderSetup {
  readonly config: PredictionLogConfig
  readonly embedded: Pick<EmbeddedPredictionLogOptions, 'autoCompact'>
}

/** A message to the worker. */
export type AppenderRequest =
  | { readonly id: number; readonly kind: 'append'; readonly records: readonly PredictionRecord[] }
  | { readonly id: number; readonly kind: 'close' }

/** The worker's answer to request `id`; `error` when it failed. */
export interface AppenderReply {
  readonly id: number
  readonly error?: string
}

/**
 * The prediction log's `append` run on a worker thread that owns a store of its own. Turning a batch
 * into columns and writing it through DuckDB's appender is synchronous JavaScript, about 20 µs a
 * record: a second's batch at 4,000 req/s held the request thread for ~100 ms, which every request
 * waiting then paid in its latency. Here the request thread only copies the batch to the worker. The
 * store's contract holds: `append` resolves once the worker's store committed the batch, and rejects
 * with its error. The worker opens the log the configuration names, compacting it; a store the
 * request thread opens beside it (reads, feedback) should not compact (`autoCompact: false`).
 */
export class WorkerAppender implements Pick<PredictionLogStore, 'append' | 'close'> {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>()
  #next = 0
  #failure: Error | null = null

  constructor(config: PredictionLogConfig, embedded: AppenderSetup['embedded'] = {}) {
    const own = new URL(`./appender-worker${extname(import.meta.url)}`, import.meta.url)
    const setup: AppenderSetup = { config, embedded }
    this.#worker = startWorker(own, setup)
    this.#worker.unref()
    this.#worker.on('message', (reply: AppenderReply) => this.#settle(reply))
    this.#worker.on('error', (error) => this.#fail(error))
    this.#worker.on('exit', (code) => this.#fail(new Error(`prediction log worker exited with code ${code}`)))
  }

  append(records: readonly PredictionRecord[]): Promise<void> {
    return this.#request({ id: this.#next++, kind: 'append', records })
  }

  /** Closes the worker's store (after the appends sent before) and ends the worker. */
  async close(): Promise<void> {
    if (this.#failure) return
    await this.#request({ id: this.#next++, kind: 'close' })
  }

  #request(request: AppenderRequest): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise<void>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref()
      this.#pending.set(request.id, { resolve, reject })
      this.#worker.postMessage(request)
    })
  }

  #settle(reply: AppenderReply): void {
    const pending = this.#pending.get(reply.id)
    this.#pending.delete(reply.id)
    if (this.#pending.size === 0) this.#worker.unref()
    if (reply.error === undefined) pending?.resolve()
    else pending?.reject(new Error(reply.error))
  }

  #fail(error: Error): void {
    this.#failure ??= error
    this.#worker.unref()
    for (const pending of this.#pending.values()) pending.reject(error)
    this.#pending.clear()
  }
}
