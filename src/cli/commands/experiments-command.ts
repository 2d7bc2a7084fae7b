import type { Command } from 'commander'
import type { Experiment, TrackingStore, ViewType } from '../../tracking/index.js'
import type { CliIo } from '../cli-io.js'
import { globalOptions, withShipyard } from '../global-options.js'
import { formatTime } from '../output/format.js'
import { printJson } from '../output/json-output.js'
import { renderTable } from '../output/table.js'
import { toViewType, viewOption } from './view-option.js'

/**
 * `shipyard experiments list|create|rename|delete|restore`. Each prints the experiment it touched
 * (with `--json`, the experiment object; `list` prints `{ experiments: [...] }`).
 */
export function registerExperimentsCommands(program: Command, io: CliIo): void {
  const experiments = program
    .command('experiments')
    .description('list, create, rename, delete and restore experiments')

  experiments
    .command('list')
    .description('list experiments, newest first')
    .addOption(viewOption())
    .action(async (options: { view: string }, command: Command) => {
      const global = globalOptions(command)
      const list = await withShipyard(global, (shipyard) => listAll(shipyard.store, toViewType(options.view)))
      if (global.json) return printJson(io.stdout, { experiments: list })
      if (list.length === 0)
        return io.stdout.write(`no ${options.view === 'all' ? '' : `${options.view} `}experiments\n`)
      io.stdout.write(
        renderTable(
          [
            { header: 'ID' },
            { header: 'NAME' },
            { header: 'STAGE' },
            { header: 'CREATED' },
            { header: 'ARTIFACT LOCATION' },
          ],
          list.map((e) => [
            e.experimentId,
            e.name,
            e.lifecycleStage,
            formatTime(e.creationTime),
            e.artifactLocation,
          ]),
        ),
      )
    })

  experiments
    .command('create')
    .description('create an experiment')
    .argument('<name>', 'a unique name')
    .option('--artifact-location <uri>', "where its runs' artifacts go (default under the Shipyard home)")
    .action(async (name: string, options: { artifactLocation?: string }, command: Command) => {
      const global = globalOptions(command)
      const experiment = await withShipyard(global, (shipyard) =>
        shipyard.store.createExperiment({
          name,
          ...(options.artifactLocation === undefined ? {} : { artifactLocation: options.artifactLocation }),
        }),
      )
      report(
        io,
        global.json,
        experiment,
        `created experiment '${experiment.name}' with id ${experiment.experimentId}`,
      )
    })

  experiments
    .command('rename')
    .description('rename an experiment')
    .argument('<id>', 'experiment id')
    .argument('<new-name>', 'the new, unique name')
    .action(async (id: string, newName: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const experiment = await withShipyard(global, async ({ store }) => {
        await store.renameExperiment(id, newName)
        return store.getExperiment(id)
      })
      report(io, global.json, experiment, `renamed experiment ${id} to '${experiment.name}'`)
    })

  experiments
    .command('delete')
    .description('delete an experiment and its runs (soft: `experiments restore` brings them back)')
    .argument('<id>', 'experiment id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const experiment = await withShipyard(global, async ({ store }) => {
        await store.deleteExperiment(id)
        return store.getExperiment(id)
      })
      report(
        io,
        global.json,
        experiment,
        `deleted experiment ${id} ('${experiment.name}'); restore it with \`shipyard experiments restore ${id}\``,
      )
    })

  experiments
    .command('restore')
    .description('restore a deleted experiment')
    .argument('<id>', 'experiment id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const experiment = await withShipyard(global, async ({ store }) => {
        await store.restoreExperiment(id)
        return store.getExperiment(id)
      })
      report(io, global.json, experiment, `restored experiment ${id} ('${experiment.name}')`)
    })
}

/** Every page of the listing: experiments are few, and a table that silently stops at a page would mislead. */
async function listAll(store: TrackingStore, viewType: ViewType): Promise<Experiment[]> {
  const all: Experiment[] = []
  let pageToken: string | undefined
  do {
    const page = await store.searchExperiments({
      viewType,
      ...(pageToken === undefined ? {} : { pageToken }),
    })
    all.push(...page.items)
    pageToken = page.nextPageToken
  } while (pageToken !== undefined)
  return all
}

function report(io: CliIo, json: boolean, experiment: Experiment, message: string): void {
  if (json) printJson(io.stdout, experiment)
  else io.stdout.write(`${message}\n`)
}
