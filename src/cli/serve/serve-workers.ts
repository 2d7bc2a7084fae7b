import cluster, { type Worker } from 'node:cluster'
import { ShipyardError } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import {
  isWorkerStartedMessage,
  type ServeLifecycle,
  standaloneLifecycle,
  workerLifecycle,
} from './serve-lifecycle.js'
import { printStarted } from './serve-output.js'

/** How `shipyard serve --workers N` runs its processes. */
export interface ServeWorkersOptions {
  /** Server processes on the port; 1 serves here, with no supervisor. */
  readonly workers: number
  readonly io: CliIo
  /** Print the start report as one JSON document (`--json`). */
  readonly json: boolean
}

// A replacement worker that cannot start (say its database is down) is tried again after this
// delay, doubled at each failure in a row up to the maximum, instead of in a tight loop.
const FIRST_RETRY_MS = 1000
const MAX_RETRY_MS = 30_000

/**
 * Runs `serve` (one whole server: listen, load, report through the lifecycle, drain when it says) as
 * `--workers` asks. With one worker: here, on its own. With more: the process the user started is a
 * node:cluster primary that forks the workers and supervises them, and each worker (forked with the
 * same command line) runs `serve` with a worker's lifecycle. All of them accept on one port, which
 * the primary hands out connection by connection. Each worker has its own sessions and caches; the
 * registry database and Redis are shared.
 *
 * The primary:
 * - prints the start report once every worker has started, with the workers' process ids;
 * - replaces a worker that dies after it served at once; a replacement that dies before it served is
 *   tried again after 1 s, doubling up to 30 s;
 * - when one of the first workers dies before it served (a port taken, a database out of reach),
 *   stops the others and rejects (`INTERNAL_ERROR` naming the worker; its own error is on stderr);
 * - forwards SIGTERM or SIGINT as one SIGTERM per worker, which drains and exits, and resolves once
 *   every worker has (rejects when one did not exit cleanly). A second signal kills the workers.
 */
export async function runServeProcesses(
  options: ServeWorkersOptions,
  serve: (lifecycle: ServeLifecycle) => Promise<void>,
): Promise<void> {
  if (options.workers <= 1) return serve(standaloneLifecycle(options.io, options.json))
  if (cluster.isPrimary) return new WorkerSupervisor(options).run()
  try {
    await serve(workerLifecycle())
  } finally {
    // The IPC channel to the primary would keep this worker alive once it has drained or failed.
    process.channel?.unref()
  }
}

class WorkerSupervisor {
  readonly #options: ServeWorkersOptions
  /** Workers alive, by id. (`cluster.workers` keeps a worker until its IPC channel has closed too.) */
  readonly #alive = new Map<number, Worker>()
  /** Ids of the workers that reported they serve. */
  readonly #serving = new Set<number>()
  #announced = false
  #stopping = false
  #failure: ShipyardError | null = null
  #retryMs = FIRST_RETRY_MS
  #retry: NodeJS.Timeout | null = null
  #finished: () => void = () => {}

  constructor(options: ServeWorkersOptions) {
    this.#options = options
  }

  async run(): Promise<void> {
    const finished = new Promise<void>((resolve) => {
      this.#finished = resolve
    })
    const onSignal = (signal: NodeJS.Signals) => this.#onSignal(signal)
    const onMessage = (worker: Worker, message: unknown) => this.#onMessage(worker, message)
    const onExit = (worker: Worker, code: number, signal: string | null) => this.#onExit(worker, code, signal)
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    cluster.on('message', onMessage)
    cluster.on('exit', onExit)
    try {
      for (let i = 0; i < this.#options.workers; i++) this.#fork()
      await finished
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      cluster.off('message', onMessage)
      cluster.off('exit', onExit)
    }
    if (this.#failure) throw this.#failure
  }

  #fork(): Worker {
    const worker = cluster.fork()
    this.#alive.set(worker.id, worker)
    return worker
  }

  #onSignal(signal: NodeJS.Signals): void {
    if (this.#stopping) {
      // A second signal: stop now, as a server on its own does.
      for (const worker of this.#alive.values()) worker.process.kill('SIGKILL')
      return
    }
    this.#options.io.stderr.write(
      `${signal}: shutting down ${this.#alive.size} worker processes (requests in flight finish first)\n`,
    )
    this.#stop()
  }

  #stop(): void {
    this.#stopping = true
    if (this.#retry) clearTimeout(this.#retry)
    for (const worker of this.#alive.values()) worker.process.kill('SIGTERM')
    if (this.#alive.size === 0) this.#finished()
  }

  #onMessage(worker: Worker, message: unknown): void {
    if (!isWorkerStartedMessage(message) || this.#stopping || !this.#alive.has(worker.id)) return
    this.#serving.add(worker.id)
    this.#retryMs = FIRST_RETRY_MS
    if (this.#announced) {
      this.#options.io.stderr.write(`worker ${worker.process.pid} is serving\n`)
    } else if (this.#serving.size === this.#options.workers) {
      this.#announced = true
      const workers = [...this.#serving].map((id) => this.#alive.get(id)!.process.pid!)
      printStarted(this.#options.io, message.started, { json: this.#options.json, workers })
    }
  }

  #onExit(worker: Worker, code: number, signal: string | null): void {
    this.#alive.delete(worker.id)
    const served = this.#serving.delete(worker.id)
    const pid = worker.process.pid
    const how = signal === null ? `code ${code}` : `signal ${signal}`
    if (this.#stopping) {
      // SIGTERM itself ends a worker that had not set up its handler yet: nothing to drain there.
      if (code !== 0 && signal !== 'SIGTERM') {
        this.#failure ??= workerFailure(`worker process ${pid} ended with ${how} while draining`, pid)
      }
      if (this.#alive.size === 0) this.#finished()
    } else if (served) {
      const next = this.#fork()
      this.#options.io.stderr.write(
        `worker ${pid} exited unexpectedly (${how}); started worker ${next.process.pid} in its place\n`,
      )
    } else if (this.#announced) {
      this.#options.io.stderr.write(
        `worker ${pid} exited (${how}) before it served; starting another in ${this.#retryMs / 1000} s\n`,
      )
      this.#retry = setTimeout(() => this.#fork(), this.#retryMs)
      this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS)
    } else {
      this.#failure = workerFailure(
        `worker process ${pid} exited (${how}) before it served (its error is above); the other workers were stopped`,
        pid,
      )
      this.#stop()
    }
  }
}

function workerFailure(message: string, pid: number | undefined): ShipyardError {
  return new ShipyardError('INTERNAL_ERROR', message, { details: { pid } })
}
