import { type ChildProcess, spawn } from 'node:child_process'
import type { RetrainCommand } from './alert-rules.js'

/**
 * What a retraining command finds in its environment, besides the server's own: the alert that
 * started it. The SDK tags every run started under `SHIPYARD_ALERT_ID` with `shipyard.alert_id`, which
 * is how the alert finds the run.
 */
export const RETRAIN_ENV = {
  alertId: 'SHIPYARD_ALERT_ID',
  model: 'SHIPYARD_ALERT_MODEL',
  condition: 'SHIPYARD_ALERT_CONDITION',
} as const

/** How a command ended: its exit code, or why it has none (it could not start, a signal ended it). */
export interface CommandExit {
  readonly exitCode: number | null
  readonly error: string | null
}

/** A command that was started; `pid` is null when it could not be. */
export interface StartedCommand {
  readonly pid: number | null
  /** Resolves once it has ended; never rejects. */
  readonly exited: Promise<CommandExit>
}

/**
 * Starts `retrain` without a shell, with the server's environment plus `env`; its output goes to the
 * server's stderr (stdout may carry the server's JSON). Nothing waits for it: the process does not
 * keep the server alive, and is not stopped when the server stops.
 */
export function startRetrain(retrain: RetrainCommand, env: Readonly<Record<string, string>>): StartedCommand {
  const [program, ...args] = retrain.command as [string, ...string[]]
  let child: ChildProcess
  try {
    child = spawn(program, args, {
      cwd: retrain.cwd ?? undefined,
      env: { ...process.env, ...env },
      stdio: ['ignore', 2, 2],
    })
  } catch (error) {
    // Most failures to start (a missing program or folder) come as an 'error' event; a few throw.
    return { pid: null, exited: Promise.resolve({ exitCode: null, error: (error as Error).message }) }
  }
  child.unref()
  const exited = new Promise<CommandExit>((resolve) => {
    child.once('error', (error) => resolve({ exitCode: null, error: error.message }))
    child.once('exit', (code, signal) =>
      resolve({ exitCode: code, error: signal === null ? null : `killed by ${signal}` }),
    )
  })
  return { pid: child.pid ?? null, exited }
}
