// Batch prediction: `shipyard predict` streaming 500k and 2M rows x 28 through a 50-tree GBDT, peak memory and rows/s, next to the whole file as one chunk (the in-memory ceiling).
//
// Usage: npx tsx bench/predict-batch.ts [--sizes 500000,2000000] [--format parquet|csv|jsonl]
//                                       [--out-format parquet|csv|jsonl] [--chunk-rows N] [--trees N]
//                                       [--reps N] [--data DIR] [--no-prime]
//
// Data (src/models/testing/synthetic-tasks.ts): `makeClassification` with the largest --sizes rows
// (default 2,000,000), 28 float columns `f00`..`f27`, seed 42, written once by Shipyard's own chunk
// writer to --format files (the first N rows for each smaller size) in a temp dir (`--data DIR`
// keeps them there and reuses them). The model: Shipyard's GBDT (--trees, default 50, 31 leaves)
// trained on a separate 100,000-row draw of the same task (seed 7), saved as a model folder.
//
// Every measurement is a fresh process running the `predict` command in-process (its commander
// command, as `shipyard predict --model-dir` runs it), so that its peak resident set (VmHWM) is the
// command's. Two sides per size: `streamed`, the default chunk size (DEFAULT_CHUNK_ROWS, or
// --chunk-rows); `whole file`, --chunk-rows equal to the row count: the whole input as one dataset,
// one onnxruntime run over every row, one write: the in-memory ceiling, with the same reading,
// prediction and writing code. The clock covers the command: checking the input, loading the model,
// reading, predicting, writing and the atomic rename; the process's imports are outside it. An idle
// process (imports only) gives the floor of the memory figures. Before every measurement a
// throwaway process touches 3 GiB (see `primeMemory`; `--no-prime` skips it). Figures are medians of
// --reps (default 1). Both sides' outputs are checked against each other (row count and the sum of
// `probability_1`), so that both did the same work.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DuckDBInstance } from '@duckdb/node-api'
import { Command } from 'commander'
import { openChunkWriter } from '../src/batch/index.js'
import type { CliIo } from '../src/cli/cli-io.js'
import { registerPredictCommand } from '../src/cli/commands/predict-command.js'
import { addGlobalOptions } from '../src/cli/global-options.js'
import { type Column, Dataset, DEFAULT_CHUNK_ROWS } from '../src/data/index.js'
import { train } from '../src/models/index.js'
import { makeClassification } from '../src/models/testing/synthetic-tasks.js'
import { taskDataset } from '../src/models/testing/task-dataset.js'
import { median, mib, parseSample, peakRssKiB, primeMemory, table } from './lib/bench-kit.js'

const FORMATS = ['parquet', 'csv', 'jsonl'] as const
type Format = (typeof FORMATS)[number]
const SIDES = ['streamed', 'whole file'] as const
type Side = (typeof SIDES)[number]
const SEED = 42
const TRAIN_ROWS = 100_000
const TRAIN_SEED = 7
const WRITE_CHUNK = 65_536

/** What one measurement process prints, as one JSON line. */
interface Sample {
  readonly seconds: number
  readonly rows: number
  readonly peakRssKiB: number
}

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '500000,2000000' },
    format: { type: 'string', default: 'parquet' },
    'out-format': { type: 'string', default: 'parquet' },
    'chunk-rows': { type: 'string' },
    trees: { type: 'string', default: '50' },
    reps: { type: 'string', default: '1' },
    data: { type: 'string' },
    'no-prime': { type: 'boolean', default: false },
    worker: { type: 'string' },
    input: { type: 'string' },
    output: { type: 'string' },
    model: { type: 'string' },
  },
})

if (args.worker !== undefined) {
  const sample = args.worker === 'idle' ? { seconds: 0, rows: 0 } : await runPredict(args.worker)
  process.stdout.write(`${JSON.stringify({ ...sample, peakRssKiB: peakRssKiB() })}\n`)
} else {
  await main()
}

async function main(): Promise<void> {
  const sizes = args.sizes!.split(',').map(Number)
  const format = pick(args.format!, 'format')
  const outFormat = pick(args['out-format']!, 'out-format')
  const chunkRows = Number(args['chunk-rows'] ?? DEFAULT_CHUNK_ROWS)
  const reps = Number(args.reps)
  const dir = args.data ?? mkdtempSync(join(tmpdir(), 'shipyard-bench-predict-'))
  mkdirSync(dir, { recursive: true })
  try {
    console.log(
      `bench/predict-batch.ts ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
        `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()[0]!.toFixed(1)}; ` +
        `median of ${reps}${args['no-prime'] ? ', memory not primed' : ''}`,
    )
    console.log(`command: npx tsx bench/predict-batch.ts ${process.argv.slice(2).join(' ')}`.trimEnd())
    const inputs = await prepareInputs(dir, sizes, format)
    const model = await prepareModel(dir, Number(args.trees))
    const idle = measure(['--worker', 'idle'])
    const rowsOut: string[][] = []
    for (const size of sizes) {
      const outputs = new Map<Side, string>()
      for (const side of SIDES) {
        const output = join(dir, `out-${size}-${side === 'streamed' ? 'streamed' : 'whole'}.${outFormat}`)
        const chunk = side === 'streamed' ? chunkRows : size
        const samples: Sample[] = []
        for (let rep = 0; rep < reps; rep++) {
          if (!args['no-prime']) primeMemory(null)
          const sample = measure([
            '--worker',
            String(chunk),
            '--input',
            inputs.get(size)!,
            '--output',
            output,
            '--model',
            model,
          ])
          if (sample.rows !== size) throw new Error(`${side} ${size}: predicted ${sample.rows} rows`)
          process.stderr.write(
            `  ${size} ${side}: ${sample.seconds.toFixed(2)} s, ${mib(sample.peakRssKiB)} MiB peak\n`,
          )
          samples.push(sample)
        }
        outputs.set(side, output)
        const seconds = median(samples.map((s) => s.seconds))
        rowsOut.push([
          size.toLocaleString('en-US'),
          side,
          chunk.toLocaleString('en-US'),
          seconds.toFixed(2),
          Math.round(size / seconds).toLocaleString('en-US'),
          mib(Math.max(...samples.map((s) => s.peakRssKiB))),
        ])
      }
      await checkOutputs(size, outputs, outFormat)
    }
    console.log(
      `\n### ${format} in, ${outFormat} out; 28 float columns kept, plus label and 2 probabilities; ` +
        `GBDT ${args.trees} trees, 31 leaves`,
    )
    console.log(table(['rows', 'side', 'chunk rows', 'seconds', 'rows/s', 'peak RSS MiB'], rowsOut, [0, 1]))
    console.log(`Idle process (imports only): ${mib(idle.peakRssKiB)} MiB peak RSS.`)
  } finally {
    if (args.data === undefined) rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs `predict` as the CLI does, with `--chunk-rows` from the worker argument. */
async function runPredict(chunkRows: string): Promise<{ seconds: number; rows: number }> {
  const stdout: string[] = []
  const io: CliIo = {
    stdout: { write: (text) => void stdout.push(text), isTTY: false },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: false },
    env: {},
  }
  const program = new Command('shipyard').exitOverride()
  addGlobalOptions(program)
  registerPredictCommand(program, io)
  const started = performance.now()
  await program.parseAsync(
    [
      'predict',
      '--input',
      args.input!,
      '--output',
      args.output!,
      '--model-dir',
      args.model!,
      '--chunk-rows',
      chunkRows,
      '--json',
    ],
    { from: 'user' },
  )
  const seconds = (performance.now() - started) / 1000
  return { seconds, rows: (JSON.parse(stdout.join('')) as { rows: number }).rows }
}

function measure(workerArgs: readonly string[]): Sample {
  const script = fileURLToPath(import.meta.url)
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...workerArgs], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  return parseSample<Sample>(`predict ${workerArgs.join(' ')}`, result)
}

/** Writes the first `size` rows of the task for each size, unless `dir` already holds them. */
async function prepareInputs(
  dir: string,
  sizes: readonly number[],
  format: Format,
): Promise<Map<number, string>> {
  const paths = new Map(sizes.map((size) => [size, join(dir, `input-${size}.${format}`)]))
  if ([...paths.values()].every(existsSync)) return paths
  const started = performance.now()
  const rows = Math.max(...sizes)
  const task = makeClassification({ rows, seed: SEED })
  const { names, values } = task.features
  for (const [size, path] of paths) {
    const writer = await openChunkWriter(path)
    for (let start = 0; start < size; start += WRITE_CHUNK) {
      const count = Math.min(WRITE_CHUNK, size - start)
      const columns = names.map((name, f): Column => {
        const column = new Float32Array(count)
        for (let i = 0; i < count; i++) column[i] = values[(start + i) * names.length + f]!
        return { name, type: 'numeric', values: column }
      })
      await writer.write(Dataset.fromColumns(columns))
    }
    await writer.commit()
  }
  console.log(
    `data: ${rows.toLocaleString('en-US')} rows x ${names.length} generated and written as ${format} ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  return paths
}

/** Trains the model on a separate draw of the task and saves its folder, unless it is there. */
async function prepareModel(dir: string, trees: number): Promise<string> {
  const folder = join(dir, `model-${trees}`)
  if (existsSync(join(folder, 'model.json'))) return folder
  const started = performance.now()
  const data = taskDataset(makeClassification({ rows: TRAIN_ROWS, seed: TRAIN_SEED }))
  const model = await train(data, { target: 'y', params: { num_trees: trees, num_leaves: 31 } })
  await model.save(folder)
  console.log(
    `model: GBDT, ${trees} trees, trained on ${TRAIN_ROWS.toLocaleString('en-US')} rows in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  return folder
}

/** Both sides wrote the same rows and the same probabilities (summed; DuckDB adds in parallel). */
async function checkOutputs(size: number, outputs: ReadonlyMap<Side, string>, format: Format): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const figures = new Map<Side, { rows: number; sum: number }>()
    for (const [side, path] of outputs) {
      const reader = await connection.runAndReadAll(
        `SELECT count(*)::DOUBLE AS n, sum(probability_1)::DOUBLE AS p FROM ${readerFor(format)}('${path}')`,
      )
      const [n, p] = reader.getRows()[0] as [number, number]
      figures.set(side, { rows: n, sum: p })
    }
    const [a, b] = [...figures.values()]
    if (a!.rows !== size || b!.rows !== size || Math.abs(a!.sum - b!.sum) > 1e-9 * Math.abs(a!.sum)) {
      console.log(`CHECK MISMATCH ${size}: ${JSON.stringify(Object.fromEntries(figures))}`)
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

function readerFor(format: Format): string {
  return { parquet: 'read_parquet', csv: 'read_csv', jsonl: 'read_json' }[format]
}

function pick(value: string, flag: string): Format {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new Error(`--${flag} must be one of ${FORMATS.join(', ')}`)
  return value as Format
}
