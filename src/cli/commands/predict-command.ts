import type { Command } from 'commander'
import type { BatchModel, BatchPredictSummary } from '../../batch/index.js'
import { invalidValue } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { commaList } from '../flag-values.js'
import { type GlobalOptions, globalOptions, withShipyard } from '../global-options.js'
import { printJson } from '../output/json-output.js'
import { ProgressBar } from '../output/progress-bar.js'

interface PredictFlags {
  readonly input: string
  readonly output: string
  readonly model?: string
  readonly modelDir?: string
  readonly keep?: string
  readonly chunkRows?: string
}

/**
 * `shipyard predict`: a thin adapter over `predictBatch` (src/batch). Predicts every row of a data
 * file with a registered model (`--model churn@production`) or a saved model folder (`--model-dir`),
 * a chunk at a time, into a CSV, JSON-lines or Parquet file written atomically. A progress bar runs
 * on a terminal; `--json` prints `{rows, output, model, version, seconds}`.
 */
export function registerPredictCommand(program: Command, io: CliIo): void {
  program
    .command('predict')
    .description('predict every row of a CSV, Parquet or JSON-lines file into a new file, a chunk at a time')
    .requiredOption('--input <file>', 'the rows to predict: .csv, .parquet or .jsonl')
    .requiredOption('--output <file>', 'where to write them with their predictions: .csv, .parquet or .jsonl')
    .option('--model <name[@alias]>', 'a registered model: name@alias (alias default production) or name@3')
    .option(
      '--model-dir <dir>',
      'a saved model folder (model.onnx and signature.json) instead of the registry',
    )
    .option('--keep <columns>', 'input columns to copy to the output, comma-separated (default: all)')
    .option('--chunk-rows <n>', 'rows read, predicted and written at a time (default 65536)')
    .action(async (flags: PredictFlags, command: Command) => {
      const global = globalOptions(command)
      const keep = flags.keep === undefined ? undefined : commaList('--keep', flags.keep)
      const chunkRows =
        flags.chunkRows === undefined ? undefined : positiveInteger('--chunk-rows', flags.chunkRows)
      // Loaded on use: batch prediction pulls in DuckDB and onnxruntime, which other commands do not need.
      const { describeModel, predictBatch } = await import('../../batch/index.js')
      const model = await modelFor(flags, global)
      let bar: ProgressBar | undefined
      let drawn = 0
      const summary = await predictBatch({
        input: flags.input,
        output: flags.output,
        model,
        ...(keep ? { keep } : {}),
        ...(chunkRows ? { chunkRows } : {}),
        onProgress: (rows, expected) => {
          if (expected === undefined) return
          bar ??= new ProgressBar(io.stderr, 'predicting', expected)
          bar.tick(rows - drawn)
          drawn = rows
        },
      })
      bar?.done()
      if (global.json) return printJson(io.stdout, summary)
      io.stdout.write(`${describeSummary(summary, describeModel(model))}\n`)
    })
}

/** The model `--model` or `--model-dir` names: exactly one of them. */
async function modelFor(flags: PredictFlags, global: GlobalOptions): Promise<BatchModel> {
  if ((flags.model === undefined) === (flags.modelDir === undefined)) {
    throw invalidValue('--model', 'give --model name@alias or --model-dir DIR, not both and not neither')
  }
  const { loadModelDir, loadRegistryModel } = await import('../../batch/index.js')
  if (flags.modelDir !== undefined) return loadModelDir(flags.modelDir)
  const { parseModelRoute } = await import('../../registry/index.js')
  const route = parseModelRoute(flags.model!, '--model')
  return withShipyard(global, (shipyard) => loadRegistryModel(shipyard.registry, route))
}

function describeSummary(summary: BatchPredictSummary, model: string): string {
  const rate =
    summary.seconds > 0
      ? ` (${Math.round(summary.rows / summary.seconds).toLocaleString('en-US')} rows/s)`
      : ''
  return (
    `Predicted ${summary.rows.toLocaleString('en-US')} rows with ${model} into ${summary.output} ` +
    `in ${summary.seconds.toFixed(1)} s${rate}`
  )
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1) throw invalidValue(flag, `'${text}' is not a positive whole number`)
  return n
}
