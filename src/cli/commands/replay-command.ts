import type { Command } from 'commander'
import type { ReplayTarget } from '../../serving/index.js'
import { invalidValue } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { versionNumber } from '../flag-values.js'
import { globalOptions, withShipyard } from '../global-options.js'
import { renderReplay } from '../logs/replay-views.js'
import { addSearchOptions, type SearchFlags } from '../logs/search-options.js'
import { printJson } from '../output/json-output.js'

interface ReplayFlags extends SearchFlags {
  readonly version?: string
  readonly alias?: string
  readonly ignoreUnknownColumns?: boolean
}

/**
 * `shipyard replay REQUEST_ID [--version V | --alias A]`, or `shipyard replay --where ... [--model M]
 * --limit N` for many: a thin adapter over `replayRecords`. Re-runs logged requests in-process on a
 * registered version (default: the model's `production` alias, else the version that answered) and
 * prints logged and new outputs side by side with their difference and a summary; `--json` prints the
 * whole `ReplayReport`.
 */
export function registerReplayCommand(program: Command, io: CliIo): void {
  addSearchOptions(
    program
      .command('replay')
      .description(
        're-run logged requests on a registered version in-process: logged and new outputs side by side',
      )
      .argument(
        '[request-id]',
        'one logged request; or pick logged records with --where, --model, --since...',
      ),
  )
    .option('--version <n>', "replay on this version of the request's model (3 or v3)")
    .option(
      '--alias <alias>',
      'replay on the version this alias names (default: production, else the logged version)',
    )
    .option(
      '--ignore-unknown-columns',
      'let the version ignore logged columns it does not take (default: refuse them, as `shipyard serve` does)',
    )
    .action(async (requestId: string | undefined, flags: ReplayFlags, command: Command) => {
      const global = globalOptions(command)
      const target = replayTarget(flags)
      checkSelection(requestId, flags)
      // Loaded on use: replay pulls in the prediction log and onnxruntime.
      const [{ loggedRequest }, { replayRecords }, { predictionQuery, searchLogged }, { withPredictionLog }] =
        await Promise.all([
          import('../../monitoring/index.js'),
          import('../../serving/index.js'),
          import('../logs/search-flags.js'),
          import('../logs/open-prediction-log.js'),
        ])
      const query = requestId === undefined ? predictionQuery(flags, undefined, Date.now()) : undefined
      const report = await withShipyard(global, ({ registry }) =>
        withPredictionLog(global, async (log) => {
          const records =
            query === undefined ? await loggedRequest(log, requestId!) : await searchLogged(log, query)
          return replayRecords(records, registry, {
            target,
            unknownColumns: flags.ignoreUnknownColumns ? 'ignore' : 'reject',
          })
        }),
      )
      if (global.json) return printJson(io.stdout, report)
      if (report.requests.length === 0) return io.stdout.write('no logged predictions match\n')
      io.stdout.write(renderReplay(report))
    })
}

/** Exactly one way of picking what to replay: a request id, or search flags. */
function checkSelection(requestId: string | undefined, flags: SearchFlags): void {
  const searching = [flags.where, flags.model, flags.since, flags.until, flags.errors, flags.limit].some(
    (flag) => flag !== undefined,
  )
  if (requestId !== undefined && searching) {
    throw invalidValue('request-id', 'give a request id or search flags (--where, --model...), not both')
  }
  if (requestId === undefined && !searching) {
    throw invalidValue(
      'request-id',
      'give a request id, or pick logged records with --where, --model, --since, --until or --errors',
    )
  }
}

/** The version `--version` or `--alias` names: at most one of them. */
function replayTarget(flags: ReplayFlags): ReplayTarget {
  if (flags.version !== undefined && flags.alias !== undefined) {
    throw invalidValue('--version', 'give --version or --alias, not both')
  }
  if (flags.version !== undefined)
    return { kind: 'version', version: versionNumber('--version', flags.version) }
  if (flags.alias !== undefined) return { kind: 'alias', alias: flags.alias }
  return { kind: 'default' }
}
