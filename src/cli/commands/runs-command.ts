import type { Command } from 'commander'
import { ShipyardError } from '../../shared/index.js'
import type { Experiment, Run, TrackingStore } from '../../tracking/index.js'
import type { CliIo } from '../cli-io.js'
import { integerIn } from '../flag-values.js'
import { globalOptions, resolveExperiment, withShipyard } from '../global-options.js'
import { annotateError } from '../output/error-output.js'
import { printJson } from '../output/json-output.js'
import { compareRuns } from '../output/run-comparison.js'
import { renderRunComparison, renderRunDetails, renderRunTable } from '../output/run-views.js'
import { toViewType, viewOption } from './view-option.js'

interface ListOptions {
  readonly experiment?: string[]
  readonly filter?: string
  readonly orderBy?: string[]
  readonly max: number
  readonly pageToken?: string
  readonly view: string
}

/** `shipyard runs list|show|compare|delete|restore`: reading and tidying logged runs. */
export function registerRunsCommands(program: Command, io: CliIo): void {
  const runs = program.command('runs').description('list, show, compare, delete and restore runs')

  runs
    .command('list')
    .description('search runs; newest first unless --order-by says otherwise')
    .option('--experiment <id-or-name...>', 'only runs of these experiments (default: all)')
    .option('--filter <expr>', 'e.g. "metrics.val_accuracy > 0.8 and params.learning_rate = \'0.3\'"')
    .option('--order-by <clause...>', 'e.g. "metrics.val_accuracy DESC" (several allowed)')
    .option('--max <n>', 'runs per page, 1-50000', integerIn('whole number', 1, 50_000), 100)
    .option('--page-token <token>', 'continue a listing from the token a previous page printed')
    .addOption(viewOption())
    .action(async (options: ListOptions, command: Command) => {
      const global = globalOptions(command)
      const { page, experimentNames } = await withShipyard(global, async ({ store }) => {
        const experiments = await Promise.all(
          (options.experiment ?? []).map((e) => resolveExperiment(store, e)),
        )
        const page = await searchRuns(store, {
          ...(experiments.length > 0 ? { experimentIds: experiments.map((e) => e.experimentId) } : {}),
          ...(options.filter === undefined ? {} : { filter: options.filter }),
          ...(options.orderBy === undefined ? {} : { orderBy: options.orderBy }),
          ...(options.pageToken === undefined ? {} : { pageToken: options.pageToken }),
          maxResults: options.max,
          viewType: toViewType(options.view),
        })
        return { page, experimentNames: await namesOf(store, page.items, experiments) }
      })
      if (global.json) {
        return printJson(io.stdout, {
          runs: page.items,
          ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
        })
      }
      if (page.items.length === 0) io.stdout.write('no runs match\n')
      else io.stdout.write(renderRunTable(page.items, experimentNames, metricsNamedIn(options.orderBy ?? [])))
      if (page.nextPageToken) io.stdout.write(`more runs: add --page-token ${page.nextPageToken}\n`)
    })

  runs
    .command('show')
    .description("a run's info, params, tags, latest metrics and artifacts")
    .argument('<run-id>')
    .action(async (runId: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const { run, experiment, artifacts } = await withShipyard(global, async ({ store }) => {
        const run = await store.getRun(runId)
        const [experiment, artifacts] = await Promise.all([
          store.getExperiment(run.info.experimentId).catch(() => null),
          store.listArtifactRecords(runId),
        ])
        return { run, experiment, artifacts }
      })
      if (global.json) printJson(io.stdout, { ...run, artifacts })
      else io.stdout.write(renderRunDetails(run, experiment, artifacts))
    })

  runs
    .command('compare')
    .description('params and final metrics side by side; rows that differ are marked *')
    .argument('<run-ids...>', 'two or more run ids')
    .action(async (runIds: string[], _options: unknown, command: Command) => {
      if (runIds.length < 2) command.error('error: compare needs at least two run ids', { exitCode: 2 })
      const global = globalOptions(command)
      const found = await withShipyard(global, ({ store }) =>
        Promise.all(runIds.map((id) => store.getRun(id))),
      )
      const comparison = compareRuns(found)
      if (global.json) printJson(io.stdout, comparison)
      else io.stdout.write(renderRunComparison(comparison))
    })

  runs
    .command('delete')
    .description('delete a run (soft: `runs restore` brings it back)')
    .argument('<run-id>')
    .action(async (runId: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const run = await withShipyard(global, async ({ store }) => {
        await store.deleteRun(runId)
        return store.getRun(runId)
      })
      if (global.json) printJson(io.stdout, run.info)
      else io.stdout.write(`deleted run ${runId}; restore it with \`shipyard runs restore ${runId}\`\n`)
    })

  runs
    .command('restore')
    .description('restore a deleted run')
    .argument('<run-id>')
    .action(async (runId: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const run = await withShipyard(global, async ({ store }) => {
        await store.restoreRun(runId)
        return store.getRun(runId)
      })
      if (global.json) printJson(io.stdout, run.info)
      else io.stdout.write(`restored run ${runId}\n`)
    })
}

/** The search, with a bad filter annotated so that the error printer can underline the offending token. */
async function searchRuns(store: TrackingStore, query: Parameters<TrackingStore['searchRuns']>[0] & {}) {
  try {
    return await store.searchRuns(query)
  } catch (error) {
    if (
      error instanceof ShipyardError &&
      error.code === 'SHIPYARD_FILTER_INVALID' &&
      query.filter !== undefined
    ) {
      throw annotateError(error, query.filter)
    }
    throw error
  }
}

async function namesOf(store: TrackingStore, runs: readonly Run[], known: readonly Experiment[]) {
  const names = new Map(known.map((e) => [e.experimentId, e.name]))
  const missing = [...new Set(runs.map((r) => r.info.experimentId))].filter((id) => !names.has(id))
  const found = await Promise.all(missing.map((id) => store.getExperiment(id).catch(() => null)))
  for (const experiment of found) if (experiment) names.set(experiment.experimentId, experiment.name)
  return names
}

/** Metric keys an order-by names (`metrics.auc DESC`, `metrics.\`my loss\``), shown first in the table. */
function metricsNamedIn(orderBy: readonly string[]): string[] {
  return orderBy.flatMap((clause) => {
    const match = /^\s*metrics\.(?:`([^`]+)`|"([^"]+)"|([^\s]+))/i.exec(clause)
    const key = match?.[1] ?? match?.[2] ?? match?.[3]
    return key === undefined ? [] : [key]
  })
}
