// Runs wrk (Debian's, /usr/bin/wrk) with a script from `wrkScript` and reads the JSON line it prints.
import { spawnSync } from 'node:child_process'

/** What one wrk run measured. */
export interface WrkResult {
  readonly requests: number
  readonly durationUs: number
  readonly errors: {
    readonly connect: number
    readonly read: number
    readonly write: number
    readonly status: number
    readonly timeout: number
  }
  readonly p50Us: number
  readonly p99Us: number
  readonly meanUs: number
}

/** Options of one wrk run. */
export interface WrkRun {
  readonly wrk: string
  readonly url: string
  /** The Lua script's path (`wrkScript`). */
  readonly script: string
  readonly connections: number
  readonly threads: number
  readonly seconds: number
  /** Passed to the script's `init` (after `--`). */
  readonly scriptArgs: readonly string[]
}

/** Runs wrk to the end; throws with its output when it fails or prints no result. */
export function runWrk(run: WrkRun): WrkResult {
  const result = spawnSync(
    run.wrk,
    [
      `--threads=${run.threads}`,
      `--connections=${run.connections}`,
      `--duration=${run.seconds}s`,
      '--timeout=10s',
      `--script=${run.script}`,
      run.url,
      '--',
      ...run.scriptArgs,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  const line = result.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1)
  if (result.status !== 0 || line === undefined) {
    throw new Error(`wrk failed (exit ${result.status}):\n${result.stderr}${result.stdout}`)
  }
  return JSON.parse(line) as WrkResult
}

/** Requests per second of a run. */
export function throughput(result: WrkResult): number {
  return result.requests / (result.durationUs / 1e6)
}

/** All errors of a run, of every kind (non-2xx answers included). */
export function errorCount(result: WrkResult): number {
  const e = result.errors
  return e.connect + e.read + e.write + e.status + e.timeout
}

/** wrk's version line, e.g. `wrk debian/4.1.0-3+b2 [epoll]`. */
export function wrkVersion(wrk: string): string {
  const result = spawnSync(wrk, ['--version'], { encoding: 'utf8' })
  return `${result.stdout}${result.stderr}`.split('\n')[0]!.replace(/ Copyright.*$/, '')
}
