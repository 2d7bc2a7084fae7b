import type { RouteStatus } from '../../serving/index.js'
import type { CliIo } from '../cli-io.js'
import { printJson } from '../output/json-output.js'

/** What a serving process reports once it listens and its first load is done. */
export interface ServeStarted {
  readonly url: string
  /** The store the models come from, as `describeTarget` names it. */
  readonly store: string
  readonly models: readonly RouteStatus[]
}

/**
 * Prints that the server is up: `{url, store, models}` with `--json` (plus `workers`, their process
 * ids, when several processes serve), else the URL and what each route serves on stdout, and the
 * routes that failed to load, the store and how to stop on stderr.
 */
export function printStarted(
  io: CliIo,
  started: ServeStarted,
  options: { readonly json: boolean; readonly workers?: readonly number[] },
): void {
  const { url, store, models } = started
  const { workers } = options
  if (options.json) {
    printJson(io.stdout, workers ? { url, store, models, workers } : { url, store, models })
    return
  }
  const processes = workers ? ` (${workers.length} worker processes: ${workers.join(', ')})` : ''
  io.stdout.write(`Shipyard inference server listening on ${url}${processes}\n`)
  for (const model of models) {
    const ref = model.ref.kind === 'alias' ? model.ref.alias : `version ${model.ref.version}`
    const serving = model.version === null ? 'NOT LOADED' : `version ${model.version}`
    io.stdout.write(`  ${model.name} (${ref}): ${serving}\n`)
    if (model.failure) io.stderr.write(`  ${model.name}: ${model.failure.message}\n`)
  }
  if (models.length === 0) {
    io.stderr.write('no model has a production alias yet: readiness stays false until one does\n')
  }
  io.stderr.write(`store: ${store}\nstop with Ctrl+C\n`)
}
