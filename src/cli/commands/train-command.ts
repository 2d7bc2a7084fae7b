import type { Command } from 'commander'
import type { CliIo } from '../cli-io.js'
import { loadForCommand } from '../data/data-source-options.js'
import { collect } from '../flag-values.js'
import { globalOptions, withShipyard } from '../global-options.js'
import { printJson } from '../output/json-output.js'
import { ProgressBar } from '../output/progress-bar.js'
import { renderTable } from '../output/table.js'
import { type TrainFlags, trainSettings } from '../train/train-config.js'

/**
 * `shipyard train`: a thin adapter over `trainRun` (src/sdk). Loads the data files, trains one model
 * inside one tracking run, and prints its metrics and artifacts, or with `--json`
 * `{run_id, experiment_id, metrics, artifacts, model_dir}`. A progress bar runs on a terminal.
 */
export function registerTrainCommand(program: Command, io: CliIo): void {
  program
    .command('train')
    .description('train a model on a CSV, Parquet or JSON-lines file and track it as one run with model.onnx')
    .option('--data <file>', 'training data')
    .option('--target <column>', 'the column to predict')
    .option('--valid <file>', 'validation data (per-iteration metrics, early stopping)')
    .option(
      '--valid-fraction <fraction>',
      'hold out this share of --data for validation instead (default 0.2)',
    )
    .option('--test <file>', 'test data, evaluated once at the end')
    .option('--model <kind>', 'gbdt (default) or linear')
    .option('--task <task>', 'auto (default), binary, multiclass or regression')
    .option('--param <key=value>', 'a model parameter, e.g. num_leaves=63; repeatable', collect)
    .option('--config <file>', 'a YAML or JSON file with data, target, model, params, features (flags win)')
    .option('--experiment <name>', 'experiment to log to (created when new; default: Default)')
    .option('--run-name <name>', 'the run name')
    .option('--seed <n>', 'seeds the split, the pipeline and the trainer (default 0)')
    .option('--class-weight <weights>', "classifiers: 'balanced', or class=weight pairs such as yes=3,no=1")
    .option('--out <dir>', 'also save the model files (model.onnx, model.json, signature.json) here')
    .action(async (flags: TrainFlags, command: Command) => {
      const global = globalOptions(command)
      const { parsePipelineSpec } = await import('../../features/index.js')
      const settings = trainSettings(flags, parsePipelineSpec)
      // Loaded on use: training pulls in DuckDB and onnxruntime, which other commands do not need.
      const { plannedIterations } = await import('../../models/index.js')
      const { trainRun } = await import('../../sdk/index.js')
      const load = async (file: string) => (await loadForCommand(file, {}, io.stderr)).dataset
      const data = await load(settings.data)
      const valid = settings.valid === undefined ? undefined : await load(settings.valid)
      const test = settings.test === undefined ? undefined : await load(settings.test)
      const bar = new ProgressBar(io.stderr, 'training', plannedIterations(settings.model, settings.params))
      const result = await withShipyard(global, (shipyard) =>
        trainRun(shipyard, data, {
          target: settings.target,
          model: settings.model,
          task: settings.task,
          params: settings.params,
          seed: settings.seed,
          ...(settings.features ? { pipeline: settings.features } : {}),
          ...(valid ? { valid } : {}),
          ...(settings.validFraction === undefined ? {} : { validFraction: settings.validFraction }),
          ...(test ? { test } : {}),
          ...(settings.classWeight ? { classWeight: settings.classWeight } : {}),
          ...(settings.experiment ? { experiment: settings.experiment } : {}),
          ...(settings.runName ? { runName: settings.runName } : {}),
          sources: {
            train: settings.data,
            ...(settings.valid ? { valid: settings.valid } : {}),
            ...(settings.test ? { test: settings.test } : {}),
          },
          onIteration: () => bar.tick(),
        }),
      )
      bar.done()
      if (settings.out !== undefined) await result.model.save(settings.out)
      if (global.json) {
        return printJson(io.stdout, {
          run_id: result.runId,
          experiment_id: result.experimentId,
          model: result.model.kind,
          task: result.model.task,
          metrics: result.metrics,
          artifacts: result.artifacts,
          model_dir: settings.out ?? null,
        })
      }
      io.stdout.write(
        `Trained a ${result.model.kind} ${result.model.task} model for '${settings.target}' in run ${result.runId} ` +
          `(experiment ${result.experimentId})\n\n`,
      )
      io.stdout.write(
        renderTable(
          [{ header: 'METRIC' }, { header: 'VALUE', align: 'right' }],
          Object.entries(result.metrics).map(([name, value]) => [name, formatMetric(value)]),
        ),
      )
      io.stdout.write(`\nArtifacts: ${result.artifacts.join(', ')}\n`)
      if (settings.out !== undefined) io.stdout.write(`Model files: ${settings.out}\n`)
      io.stdout.write(`\nNext: npx shipyard runs show ${result.runId}\n`)
    })
}

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6)
}
