// Runs the built `shipyard` CLI (`node dist/cli/main.js`; `npm test` builds first) for the
// end-to-end tests in test/cli*.test.ts, each call with only the SHIPYARD_* settings it is given.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built CLI entry. */
export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))

/** What a CLI call left behind. */
export interface Result {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The run as `--json` prints it (the fields the tests read). */
export interface RunJson {
  info: { runId: string; runName: string; experimentId: string; status: string; lifecycleStage: string }
  data: { params: Record<string, string>; metrics: Record<string, { value: number; step: number }> }
}

/** Fails at once, with the fix, when the CLI has not been built. */
export function requireBuiltCli(): void {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run build\` (npm test does it first)`)
}

/** The environment without the caller's SHIPYARD_* settings, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SHIPYARD_')))
  return { ...env, ...extra }
}

/** Runs `shipyard ...args` to completion. */
export function shipyard(args: readonly string[], env: Record<string, string>): Result {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: cleanEnv(env),
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Runs a command that must succeed with `--json` and returns its parsed stdout. */
export function json<T>(args: readonly string[], env: Record<string, string>): T {
  const result = shipyard([...args, '--json'], env)
  assert.equal(result.status, 0, `shipyard ${args.join(' ')} failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

/** Runs a command that must succeed and returns its stdout. */
export function ok(args: readonly string[], env: Record<string, string>): string {
  const result = shipyard(args, env)
  assert.equal(result.status, 0, `shipyard ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}
