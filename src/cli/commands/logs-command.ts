import type { Command } from 'commander'
import type { CliIo } from '../cli-io.js'
import { globalOptions } from '../global-options.js'
import { renderLoggedRequest, renderPredictionTable } from '../logs/prediction-views.js'
import { addSearchOptions, type SearchFlags } from '../logs/search-options.js'
import { printJson } from '../output/json-output.js'

/**
 * `shipyard logs [--model M] [--version V] [--since 1h] [--until ...] [--errors] [--where ...]
 * [--limit N]`: a thin adapter over the prediction log's search, newest first, as a table (one line
 * per logged row) or, with `--json`, `{predictions: [records]}` as `GET /api/v1/predictions` answers.
 * `shipyard logs show REQUEST_ID` prints one request's records whole (`{requestId, predictions}`).
 */
export function registerLogsCommand(program: Command, io: CliIo): void {
  const logs = addSearchOptions(
    program
      .command('logs')
      .description('search the prediction log, newest first; `logs show ID` prints one request whole'),
  )
    .option('--version <n>', 'only this version (3 or v3)')
    .action(async (flags: SearchFlags & { version?: string }, command: Command) => {
      const global = globalOptions(command)
      // Loaded on use: the prediction log pulls in DuckDB and PostgreSQL, which other commands do not need.
      const [{ predictionQuery, searchLogged }, { withPredictionLog }] = await Promise.all([
        import('../logs/search-flags.js'),
        import('../logs/open-prediction-log.js'),
      ])
      const query = predictionQuery(flags, flags.version, Date.now())
      const { records, total } = await withPredictionLog(global, async (log) => {
        const records = await searchLogged(log, query)
        // Only a full page may hide more: then say how many match in all.
        return { records, total: records.length < query.limit ? records.length : await log.count(query) }
      })
      if (global.json) return printJson(io.stdout, { predictions: records })
      if (records.length === 0) return io.stdout.write('no logged predictions match\n')
      io.stdout.write(renderPredictionTable(records))
      if (total > records.length) {
        io.stdout.write(
          `showing the newest ${records.length} of ${total.toLocaleString('en-US')} matching records: raise --limit or narrow with --since or --where\n`,
        )
      }
    })

  logs
    .command('show')
    .description("one request's logged records whole: inputs and outputs of each row, error, latency")
    .argument('<request-id>')
    .action(async (requestId: string, _flags: unknown, command: Command) => {
      const global = globalOptions(command)
      const [{ loggedRequest }, { withPredictionLog }] = await Promise.all([
        import('../../monitoring/index.js'),
        import('../logs/open-prediction-log.js'),
      ])
      const records = await withPredictionLog(global, (log) => loggedRequest(log, requestId))
      if (global.json) printJson(io.stdout, { requestId, predictions: records })
      else io.stdout.write(renderLoggedRequest(records))
    })
}
