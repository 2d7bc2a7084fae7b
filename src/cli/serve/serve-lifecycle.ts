import type { CliIo } from '../cli-io.js'
import { nextSignal } from '../http-listening.js'
import { printStarted, type ServeStarted } from './serve-output.js'

/**
 * How one serving process tells that it is up, and learns when to stop. A server on its own prints
 * and stops on SIGINT or SIGTERM; a worker of `--workers N` reports to its primary, which prints
 * once for all of them and turns any stop signal into one SIGTERM per worker.
 */
export interface ServeLifecycle {
  /** The server listens and its first load is done. */
  started(report: ServeStarted): void
  /** Resolves when the server should drain and stop. */
  stopRequested(): Promise<void>
}

/** What a worker sends its primary once it serves. */
export interface WorkerStartedMessage {
  readonly kind: 'shipyard:serve-started'
  readonly started: ServeStarted
}

/** Whether an IPC message from a worker is its start report. */
export function isWorkerStartedMessage(message: unknown): message is WorkerStartedMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { kind?: unknown }).kind === 'shipyard:serve-started'
  )
}

/** A server on its own: prints its start report, stops on SIGINT or SIGTERM. */
export function standaloneLifecycle(io: CliIo, json: boolean): ServeLifecycle {
  return {
    started: (report) => printStarted(io, report, { json }),
    stopRequested: async () => {
      const signal = await nextSignal()
      io.stderr.write(`${signal}: shutting down (requests in flight finish first)\n`)
    },
  }
}

/**
 * A worker of `--workers N`: sends its start report to the primary, stops on SIGTERM. Create it
 * before anything slow, so that a worker told to stop while it still loads stops once it has started.
 */
export function workerLifecycle(): ServeLifecycle {
  // Ctrl+C in a terminal signals the whole process group: the primary answers it with a SIGTERM to
  // every worker, so a worker ignores SIGINT rather than stop twice.
  process.on('SIGINT', () => {})
  const stop = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()))
  return {
    started: (report) => {
      const message: WorkerStartedMessage = { kind: 'shipyard:serve-started', started: report }
      process.send?.(message)
    },
    stopRequested: () => stop,
  }
}
