// Monitoring: serving throughput with the prediction log on vs off (same run), a drift report over
// 1,000,000 logged predictions x 28 features, and `shipyard logs --where` over the same 1,000,000 records.
//
// Usage: npm run build && npx tsx bench/monitor.ts [--reps N] [--duration S] [--records N] [--data DIR]
//          [--python PATH] [--wrk PATH] [--sides serving,drift,logs]
// (Shipyard runs from the built CLI in dist/, as users run it.)
//
// Model and requests as bench/serve.ts: the binary task (`makeClassification`, seed 42, 28 features),
// a GBDT of 100 trees x 31 leaves trained on 40,000 rows and registered as `bench@production`; single-row
// TF-Serving V1 bodies that never repeat (bench/lib/request-bodies.ts), so the prediction cache plays no
// part.
// - serving: `shipyard serve --model bench --intra-op-threads 1`, with the prediction log (the default:
//   every request, Parquet files under SHIPYARD_HOME) and with `--no-log-predictions`, each a fresh
//   process per measurement, the two alternating which goes first; wrk (64 connections, one thread) for
//   --duration seconds after a 2 s warm-up. Ratio = req/s with the log / req/s without (target >= 0.9).
// - drift: --records records (default 1,000,000) of 28 inputs and the binary outputs spread over the last
//   23 hours, appended to an embedded prediction log (`openPredictionLog`, 20,000 per append) once and
//   kept in --data; then, timed: reading the 28 input columns and the probability of the last 24 h from
//   the log (`columns`) plus `driftReport` against the training data's reference profile (target < 2 s).
//   Peer, same run: scipy's `ks_2samp` and `wasserstein_distance` on the same columns (the tests Evidently
//   runs), on arrays already in memory (its load time not counted), through /usr/bin/python3.
// - logs: `shipyard logs --model bench --where "inputs.f00 > 1 and outputs.probability > 0.9" --limit 100
//   --json` on that log, the whole command timed (process start included; target < 1 s); next to it the
//   same search in process (`search`) and DuckDB's own scan of the files (the engine's floor).
// Figures are medians of --reps runs (default 3).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DuckDBInstance } from '@duckdb/node-api'
import { train } from '../src/models/index.js'
import { makeClassification, trainTestSplit } from '../src/models/testing/synthetic-tasks.js'
import { taskDataset } from '../src/models/testing/task-dataset.js'
import {
  buildReferenceProfile,
  driftReport,
  openPredictionLog,
  type PredictionLogStore,
  type PredictionRecord,
} from '../src/monitoring/index.js'
import { median, table } from './lib/bench-kit.js'
import { registerBenchModel } from './lib/bench-registry.js'
import { bodySpec, wrkScript } from './lib/request-bodies.js'
import { type ServerProcess, startServerProcess, urlFromJsonDocument } from './lib/server-process.js'
import { readTestFeatures, writeTaskFiles } from './lib/task-files.js'
import { runWrk, throughput, wrkVersion } from './lib/wrk.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CLI = join(ROOT, 'dist/cli/main.js')
const MODEL = 'bench'
const FEATURES = 28
const WHERE = 'inputs.f00 > 1 and outputs.probability > 0.9'
const TARGET = { logging: 0.9, driftSeconds: 2, logsSeconds: 1 }
const SIDES = ['serving', 'drift', 'logs'] as const

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    duration: { type: 'string', default: '8' },
    records: { type: 'string', default: '1000000' },
    sides: { type: 'string', default: SIDES.join(',') },
    data: { type: 'string' },
    python: { type: 'string', default: '/usr/bin/python3' },
    wrk: { type: 'string', default: '/usr/bin/wrk' },
  },
})

await main()

async function main(): Promise<void> {
  const reps = Number(args.reps)
  const sides = args.sides!.split(',')
  const dir = args.data ?? mkdtempSync(join(tmpdir(), 'shipyard-bench-monitor-'))
  mkdirSync(join(dir, 'logs'), { recursive: true })
  console.log(
    `bench/monitor.ts ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
      `${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}; median of ${reps}`,
  )
  console.log(`command: npx tsx bench/monitor.ts ${process.argv.slice(2).join(' ')}`.trimEnd())
  try {
    const features = await prepare(dir)
    const rows: string[][] = []
    if (sides.includes('serving')) rows.push(...(await servingRows(dir, features, reps)))
    if (sides.includes('drift') || sides.includes('logs')) {
      const log = await openPredictionLog({
        home: join(dir, 'log-home'),
        database: { kind: 'sqlite', path: '' },
      })
      try {
        await fillLog(log, features, Number(args.records))
        if (sides.includes('drift')) rows.push(...(await driftRows(dir, log, features, reps)))
        if (sides.includes('logs')) rows.push(...(await logsRows(dir, log, reps)))
      } finally {
        await log.close()
      }
    }
    console.log()
    console.log(table(['measurement', 'Shipyard', 'next to it', 'ratio or target', 'met'], rows))
    console.log(`load average at the end: ${loadavg()[0]!.toFixed(1)}; ${wrkVersion(args.wrk!)}`)
  } finally {
    if (args.data === undefined) rmSync(dir, { recursive: true, force: true })
  }
}

/** The test split's features (row-major float32) and the registered model, made once per --data. */
async function prepare(dir: string): Promise<{ values: Float32Array; rows: number }> {
  const data = join(dir, 'data')
  if (!existsSync(join(data, 'meta.json'))) {
    const { train: trainPart, test } = trainTestSplit(makeClassification({ rows: 50_000, seed: 42 }), 0.2, 7)
    writeTaskFiles(data, 'binary', { train: trainPart, test })
    const model = await train(taskDataset(trainPart), {
      target: 'y',
      params: { numTrees: 100, numLeaves: 31, learningRate: 0.1, threads: 2 },
    })
    await registerBenchModel(dir, MODEL, model, 'bench/monitor.ts')
  }
  const { values, meta } = readTestFeatures(data)
  return { values, rows: meta.testRows }
}

/** Req/s with and without the prediction log, alternating which runs first. */
async function servingRows(
  dir: string,
  features: { values: Float32Array },
  reps: number,
): Promise<string[][]> {
  const script = join(dir, 'bodies.lua')
  writeFileSync(script, wrkScript(bodySpec('tf-serving', features.values, FEATURES, 0)))
  const rates = { on: [] as number[], off: [] as number[] }
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)
    for (const side of order) {
      // A fresh home per run: the log's files of one run are not the next one's work.
      const home = join(dir, `serve-home-${side}`)
      rmSync(home, { recursive: true, force: true })
      spawnSync('cp', ['-r', join(dir, 'home'), home])
      const server = await startShipyard(dir, home, side === 'on' ? [] : ['--no-log-predictions'], side)
      try {
        const url = `${server.url}/v1/models/${MODEL}:predict`
        const run = (seconds: number, first: number) =>
          runWrk({
            wrk: args.wrk!,
            url,
            script,
            connections: 64,
            threads: 1,
            seconds,
            scriptArgs: [String(first), '1000'],
          })
        run(2, rep * 10 + (side === 'on' ? 1 : 2))
        const rate = throughput(run(Number(args.duration), rep * 10 + (side === 'on' ? 3 : 4)))
        rates[side].push(rate)
        process.stderr.write(`  serving, log ${side}: ${rate.toFixed(0)} req/s\n`)
      } finally {
        await server.stop()
      }
    }
  }
  const ratio = median(rates.on.map((on, i) => on / rates.off[i]!))
  return [
    [
      'serving req/s, prediction log on (1 process, 64 connections)',
      median(rates.on).toFixed(0),
      `log off: ${median(rates.off).toFixed(0)}`,
      `**${ratio.toFixed(2)}** (>= ${TARGET.logging})`,
      ratio >= TARGET.logging ? 'met' : 'not met',
    ],
  ]
}

function startShipyard(
  dir: string,
  home: string,
  extra: readonly string[],
  name: string,
): Promise<ServerProcess> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SHIPYARD_')))
  return startServerProcess({
    name: `monitor-serve-${name}`,
    command: process.execPath,
    args: [CLI, 'serve', '--port', '0', '--json', '--model', MODEL, '--intra-op-threads', '1', ...extra],
    env: { ...env, SHIPYARD_HOME: home },
    logDir: join(dir, 'logs'),
    urlFrom: urlFromJsonDocument,
  })
}

/** Appends `count` records to an empty log (kept in --data for the next run). */
async function fillLog(
  log: PredictionLogStore,
  features: { values: Float32Array; rows: number },
  count: number,
): Promise<void> {
  const have = await log.count({ model: MODEL })
  if (have >= count) return
  const started = performance.now()
  const now = Date.now()
  const batch = 20_000
  for (let first = have; first < count; first += batch) {
    const records: PredictionRecord[] = []
    for (let i = first; i < Math.min(count, first + batch); i++) {
      const row = i % features.rows
      const inputs: Record<string, number> = {}
      for (let f = 0; f < FEATURES; f++) inputs[featureName(f)] = features.values[row * FEATURES + f]!
      const p = 1 / (1 + Math.exp(-inputs.f00! - inputs.f01!))
      records.push({
        requestId: `bench-${i}`,
        row: 0,
        time: now - 23 * 3_600_000 + Math.floor((i / count) * 23 * 3_600_000),
        model: MODEL,
        version: 1,
        alias: 'production',
        arm: 'primary',
        inputs,
        outputs: { label: p > 0.5 ? 1 : 0, probability: p, 'probabilities.0': 1 - p, 'probabilities.1': p },
        latencyMs: 2,
        cache: 'off',
        errorCode: null,
        errorMessage: null,
      })
    }
    await log.append(records)
  }
  console.log(
    `log: ${count - have} records appended in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
}

/** Columns of the last 24 h read from the log plus the drift report, against scipy on the same arrays. */
async function driftRows(
  dir: string,
  log: PredictionLogStore,
  features: { values: Float32Array; rows: number },
  reps: number,
): Promise<string[][]> {
  const names = Array.from({ length: FEATURES }, (_, f) => featureName(f))
  const reference = buildReferenceProfile({
    features: names.map((name, f) => ({
      name,
      kind: 'numeric' as const,
      values: Float64Array.from({ length: features.rows }, (_, r) => features.values[r * FEATURES + f]!),
    })),
  })
  const seconds: number[] = []
  let live = new Map<string, Float64Array>()
  for (let rep = 0; rep < reps; rep++) {
    const started = performance.now()
    const columns = await log.columns(
      { model: MODEL, since: Date.now() - 24 * 3_600_000 },
      names.map((name) => `inputs.${name}`),
    )
    live = new Map(names.map((name) => [name, columns.columns.get(`inputs.${name}`) as Float64Array]))
    const report = driftReport(reference, live)
    seconds.push((performance.now() - started) / 1000)
    if (rep === 0)
      process.stderr.write(`  drift: ${columns.rowCount} rows, dataset drifted: ${report.drifted}\n`)
  }
  const peer = scipyDrift(dir, reference, live)
  const time = median(seconds)
  return [
    [
      `drift report, ${live.get('f00')?.length.toLocaleString('en-US')} logged rows x ${FEATURES} features (read + report)`,
      `${time.toFixed(2)} s`,
      peer === null ? 'scipy: not available' : `scipy KS + Wasserstein, in memory: ${peer.toFixed(2)} s`,
      `< ${TARGET.driftSeconds} s`,
      time < TARGET.driftSeconds ? 'met' : 'not met',
    ],
  ]
}

/** scipy's two tests per feature on the same live columns, compute only; null without scipy. */
function scipyDrift(
  dir: string,
  reference: { features: readonly unknown[] },
  live: Map<string, Float64Array>,
): number | null {
  const file = join(dir, 'live.f64')
  const refFile = join(dir, 'reference.json')
  const columns = [...live.values()]
  const n = columns[0]?.length ?? 0
  const flat = new Float64Array(n * columns.length)
  for (const [j, column] of columns.entries()) flat.set(column, j * n)
  writeFileSync(file, flat)
  writeFileSync(refFile, JSON.stringify(reference.features))
  const script = `
import json, sys, time, numpy as np
from scipy.stats import ks_2samp, wasserstein_distance
live = np.fromfile(sys.argv[1], dtype=np.float64).reshape(${columns.length}, ${n})
ref = [np.asarray(f['sample'], dtype=np.float64) for f in json.load(open(sys.argv[2]))]
times = []
for _ in range(${Number(args.reps)}):
    t = time.perf_counter()
    for j in range(live.shape[0]):
        ks_2samp(ref[j], live[j]); wasserstein_distance(ref[j], live[j])
    times.append(time.perf_counter() - t)
print(json.dumps({"seconds": sorted(times)[len(times) // 2]}))
`
  const result = spawnSync(args.python!, ['-c', script, file, refFile], { encoding: 'utf8' })
  if (result.status !== 0) return null
  return (JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { seconds: number }).seconds
}

/** The CLI's search, the same search in process, and DuckDB's own scan of the files. */
async function logsRows(dir: string, log: PredictionLogStore, reps: number): Promise<string[][]> {
  const cli: number[] = []
  const inProcess: number[] = []
  const engine: number[] = []
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SHIPYARD_')))
  const duck = await (await DuckDBInstance.create(':memory:')).connect()
  const files = join(dir, 'log-home', 'predictions', `model=${MODEL}`, '**', '*.parquet')
  for (let rep = 0; rep < reps; rep++) {
    let started = performance.now()
    const result = spawnSync(
      process.execPath,
      [CLI, 'logs', '--model', MODEL, '--where', WHERE, '--limit', '100', '--json'],
      { env: { ...env, SHIPYARD_HOME: join(dir, 'log-home') }, encoding: 'utf8', maxBuffer: 64 << 20 },
    )
    cli.push((performance.now() - started) / 1000)
    if (result.status !== 0) throw new Error(`shipyard logs failed: ${result.stderr}`)
    started = performance.now()
    await log.search({ model: MODEL, where: WHERE, limit: 100 })
    inProcess.push((performance.now() - started) / 1000)
    started = performance.now()
    await duck.runAndReadAll(
      `SELECT * FROM read_parquet('${files}', union_by_name = true) WHERE "inputs.f00" > 1 AND "outputs.probability" > 0.9 ORDER BY time DESC LIMIT 100`,
    )
    engine.push((performance.now() - started) / 1000)
  }
  duck.closeSync()
  const time = median(cli)
  return [
    [
      '`shipyard logs --where` over the log, whole command',
      `${time.toFixed(2)} s`,
      `in process ${median(inProcess).toFixed(2)} s; DuckDB scan alone ${median(engine).toFixed(2)} s`,
      `< ${TARGET.logsSeconds} s`,
      time < TARGET.logsSeconds ? 'met' : 'not met',
    ],
  ]
}

function featureName(f: number): string {
  return `f${String(f).padStart(2, '0')}`
}
