/**
 * GBDT worker threads, started on first need and kept for later trainings. Each training takes its
 * workers exclusively (`acquireWorkers`) and gives them back (`releaseWorkers`), so concurrent trainings
 * never share one. Workers are unreferenced except while the main thread awaits a reply, so idle ones
 * never keep the process alive.
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { startWorker } from '../../shared/index.js'
import type { WorkerReply, WorkerRequest } from './worker-protocol.js'

/** One worker thread and its reply queue. */
export class GbdtWorker {
  readonly #worker: Worker
  readonly #pending: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = []
  #broken = false

  constructor(url: URL) {
    this.#worker = startWorker(url)
    this.#worker.unref()
    this.#worker.on('message', (reply: WorkerReply<unknown>) => this.#settle(reply))
    this.#worker.on('error', (error) => this.#fail(error))
    this.#worker.on('exit', (code) => this.#fail(new Error(`gbdt worker exited with code ${code}`)))
  }

  /** False once the worker has failed or exited. */
  get healthy(): boolean {
    return !this.#broken
  }

  /** Sends a request answered by one reply; replies arrive in request order. */
  request<T>(message: WorkerRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.length === 0) this.#worker.ref()
      this.#pending.push({ resolve: resolve as (value: unknown) => void, reject })
      this.#worker.postMessage(message)
    })
  }

  /** Sends a message that gets no reply (a session: the worker answers through shared memory). */
  post(message: WorkerRequest): void {
    this.#worker.postMessage(message)
  }

  #settle(reply: WorkerReply<unknown>): void {
    const pending = this.#pending.shift()
    if (this.#pending.length === 0) this.#worker.unref()
    if (pending === undefined) return
    if ('ok' in reply) pending.resolve(reply.ok)
    else pending.reject(new Error(reply.error))
  }

  #fail(error: Error): void {
    this.#broken = true
    this.#worker.unref()
    for (const pending of this.#pending.splice(0)) pending.reject(error)
  }
}

const idle: GbdtWorker[] = []

/** `count` workers for the caller alone: idle ones first, new ones as needed. */
export function acquireWorkers(count: number): GbdtWorker[] {
  const url = new URL(`./gbdt-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url)
  const taken: GbdtWorker[] = []
  while (taken.length < count) {
    const worker = idle.pop()
    if (worker === undefined) taken.push(new GbdtWorker(url))
    else if (worker.healthy) taken.push(worker)
  }
  return taken
}

/** Returns workers for later trainings; failed ones are dropped. */
export function releaseWorkers(workers: readonly GbdtWorker[]): void {
  for (const worker of workers) if (worker.healthy) idle.push(worker)
}
