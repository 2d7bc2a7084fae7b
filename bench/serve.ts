// Serving: single-row predictions over HTTP from a 200-tree, 63-leaf GBDT; `shipyard serve` (cache off / on, 1 and 2 processes) vs XGBoost on FastAPI + uvicorn, next to a bare Fastify route and raw session.run; req/s and p50/p99 at 64 connections, p99 at half load.
//
// Usage: npm run build && npx tsx bench/serve.ts [--reps N] [--duration S] [--rows N] [--trees N]
//          [--processes 1,2] [--sides ceiling,peer,shipyard] [--connections N] [--wrk-threads N]
//          [--cache-args ARGS] [--data DIR] [--python PATH] [--wrk PATH]
// (Shipyard runs from the built CLI in dist/, as users run it.)
//
// Model: the binary task of bench/train.ts (`makeClassification`, seed 42, 28 features, split 80/20 by
// `trainTestSplit` seed 7) with --rows rows (default 200,000, not train.ts's 1,000,000, to keep the
// set-up short: the serving cost of a model depends on its trees, not on how many rows grew them).
// Shipyard trains 200 trees (--trees) of 63 leaves (learning rate 0.1, 255 bins, its defaults for the
// rest) through `train()` and registers the result as `bench@production` in a fresh SHIPYARD_HOME;
// XGBoost trains on the same rows with the same parameters, mapped as bench/train.ts maps them
// (bench/peers/serve_peer.py `train`, through train_peers.py's `xgboost_params`). `--data DIR` keeps
// the data and both models there and reuses them.
//
// Requests: one row per request, a row of the test split as JSON: `{"instances": [{"f00": ..}]}` to
// Shipyard's `POST /v1/models/bench:predict` (TF-Serving V1), `{"f00": .., ..}` to the peer's
// `POST /predict` (a pydantic model of the 28 features, `XGBClassifier.predict_proba`). Bodies never
// repeat (0 % hits) or repeat a hot set of 100 rows in 90 % of requests (90 % hits; see
// bench/lib/request-bodies.ts).
//
// Servers, each a fresh process (or processes) per measurement, output to files:
// - ceiling: a bare Fastify route (a child Node process: Fastify's JSON body parsing, then a constant
//   answer; no logging) and raw `OnnxSession.run` on the Shipyard model, one row at a time, in
//   process, sequentially (rows/s). A request needs both, and onnxruntime runs off the JavaScript
//   thread, so one process at best overlaps them perfectly: the slower of the two is its ceiling;
// - peer: `python3 -m uvicorn serve_peer:app --workers N`, OMP_NUM_THREADS=1;
// - Shipyard: the built CLI, `shipyard serve --model bench --intra-op-threads 1 [--workers N]`, with
//   the prediction cache off, and on (`--cache-args`, default `--cache`; in process only, no Redis)
//   with 0 % and 90 % hits. A server without the flag (or without --workers) skips those rows, saying so.
// One inference thread per process on every side: a process per core is the deployment, and one row
// gains nothing from more. Both servers log every request as they do by default (Shipyard a JSON line
// per request start and end, uvicorn an access line).
//
// Measurement, per server: a warm-up wrk run (2 s, discarded), then wrk (--connections 64,
// --wrk-threads 1) for --duration seconds (default 10): req/s and p50 / p99 latency; then p99 at half
// that load, from a fixed-rate generator of our own (bench/lib/fixed-rate-load.ts; Debian's wrk has no
// fixed rate, and fewer connections would not hold the rate): 50 % of the wrk run's req/s for
// --duration seconds on 64 keep-alive connections, dispatched on schedule in 1 ms batches whatever the
// server does, latency counted from dispatch (waiting for a free connection included), as wrk2 counts.
// Its dispatch lag says whether the generator kept up ("generator lagged" when its p99 passes 2 ms).
// Each run draws bodies no other run sends. Any error or non-200 answer is counted. Figures are medians
// of --reps runs (default 3); the servers rotate who goes first. wrk and the generator share the machine
// with the servers: on 2 cores, the 2-process rows contend with them.
//
// Tools: Debian 12's wrk 4.1.0 (/usr/bin/wrk, --wrk PATH), python3-fastapi 0.92, python3-uvicorn
// 0.17.6, python3-xgboost 1.7.4 (and pydantic 1.10) through /usr/bin/python3 (--python PATH or
// SHIPYARD_BENCH_PYTHON). uvicorn uses uvloop and httptools when they are installed (python3-uvloop,
// python3-httptools: uvicorn's "standard" set-up, which FastAPI's docs recommend, and the peer's best;
// about 1.5x the plain asyncio + h11 in a smoke run); the versions line says which ran.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { GbdtParams } from '../src/models/gbdt/gbdt-model.js'
import { GBDT_DEFAULTS } from '../src/models/gbdt/train-gbdt.js'
import { train } from '../src/models/index.js'
import { makeClassification, trainTestSplit } from '../src/models/testing/synthetic-tasks.js'
import { taskDataset } from '../src/models/testing/task-dataset.js'
import { OnnxSession } from '../src/onnx/index.js'
import { median, parseSample, table } from './lib/bench-kit.js'
import { openBenchRegistry, registerBenchModel } from './lib/bench-registry.js'
import { type FixedRateResult, fixedRateLoad } from './lib/fixed-rate-load.js'
import { peerParams } from './lib/gbdt-bench-params.js'
import { type BodyFormat, type BodySpec, BodyStream, bodySpec, wrkScript } from './lib/request-bodies.js'
import {
  freePort,
  type ServerProcess,
  startServerProcess,
  urlFromJsonDocument,
} from './lib/server-process.js'
import { readTestFeatures, writeTaskFiles } from './lib/task-files.js'
import { errorCount, runWrk, throughput, type WrkResult, wrkVersion } from './lib/wrk.js'

const SIDES = ['ceiling', 'peer', 'shipyard'] as const
type Side = (typeof SIDES)[number]
const SEED = 42
const SPLIT_SEED = 7
const MODEL = 'bench'
const WARM_UP_SECONDS = 2
const HOT_SHARE = 0.9
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CLI = join(ROOT, 'dist/cli/main.js')
const PEERS = join(ROOT, 'bench/peers')
// The targets of issue 6.
const TARGET = { peer: 5, ceiling: 0.6, cached: 0.8, halfLoadP99Ms: 5 }

/** One server set-up to measure. */
interface Setup {
  readonly key: string
  readonly label: string
  readonly side: 'bare' | 'peer' | 'shipyard'
  readonly processes: number
  /** Where requests go, and how their bodies are written. */
  readonly path: string
  readonly format: BodyFormat
  /** Share of requests that repeat a hot row. */
  readonly hotShare: number
  /** Shipyard: `serve` arguments besides the common ones (workers, cache). */
  readonly serveArgs?: readonly string[]
}

/** One measurement of one set-up. */
interface Sample {
  readonly rps: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly errors: number
  readonly halfRate: number
  readonly half: FixedRateResult
}

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    rows: { type: 'string', default: '200000' },
    trees: { type: 'string', default: '200' },
    processes: { type: 'string', default: '1,2' },
    sides: { type: 'string', default: SIDES.join(',') },
    connections: { type: 'string', default: '64' },
    'wrk-threads': { type: 'string', default: '1' },
    'cache-args': { type: 'string' },
    data: { type: 'string' },
    python: { type: 'string' },
    wrk: { type: 'string', default: '/usr/bin/wrk' },
    // Measurement processes (internal).
    worker: { type: 'string' },
    url: { type: 'string' },
    rate: { type: 'string' },
    bodies: { type: 'string' },
    first: { type: 'string' },
    stride: { type: 'string' },
  },
})

if (args.worker === 'bare') await serveBareRoute()
else if (args.worker === 'session') printLine(await sessionRowsPerSecond(args.data!, Number(args.duration)))
else if (args.worker === 'load') printLine(await halfLoad())
else await main()

async function main(): Promise<void> {
  const reps = Number(args.reps)
  const seconds = Number(args.duration)
  const python = args.python ?? process.env.SHIPYARD_BENCH_PYTHON ?? '/usr/bin/python3'
  const sides = pickList(args.sides!, SIDES, 'sides')
  const processes = args.processes!.split(',').map(Number)
  const dir = args.data ?? mkdtempSync(join(tmpdir(), 'shipyard-bench-serve-'))
  mkdirSync(join(dir, 'logs'), { recursive: true })
  try {
    console.log(
      `bench/serve.ts ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
        `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()[0]!.toFixed(1)}; ` +
        `median of ${reps} x ${seconds} s`,
    )
    console.log(`command: npx tsx bench/serve.ts ${process.argv.slice(2).join(' ')}`.trimEnd())
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`)
    if (!existsSync(args.wrk!)) throw new Error(`${args.wrk} is missing: apt-get install wrk`)
    const notes: string[] = []
    const peer = sides.includes('peer') ? peerVersions(python) : null
    if (sides.includes('peer') && peer === null)
      notes.push(`peer skipped: fastapi/uvicorn/xgboost not importable through ${python}`)
    const { values, meta } = await prepare(dir, Number(args.rows), Number(args.trees), peer ? python : null)
    const setups = plan(sides, processes, peer !== null, notes)
    const specs = writeBodies(dir, values, meta.width)

    const samples = new Map<string, Sample[]>()
    const session: number[] = []
    for (let rep = 0; rep < reps; rep++) {
      if (sides.includes('ceiling')) session.push(measureSession(dir, seconds))
      const order = setups.map((_, i) => setups[(i + rep) % setups.length]!)
      for (const setup of order) {
        const sample = await measure(setup, dir, specs, python, seconds)
        samples.set(setup.key, [...(samples.get(setup.key) ?? []), sample])
        process.stderr.write(`  ${setup.label}: ${describe(sample)}\n`)
      }
    }
    report(setups, samples, session, meta.trainRows, notes)
    console.log(`load average at the end: ${loadavg()[0]!.toFixed(1)}`)
    console.log(
      `versions: ${wrkVersion(args.wrk!)}; onnxruntime-node ${packageVersion('onnxruntime-node')}, ` +
        `fastify ${packageVersion('fastify')}` +
        (peer
          ? `; ${Object.entries(peer)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`
          : ''),
    )
  } finally {
    if (args.data === undefined) rmSync(dir, { recursive: true, force: true })
  }
}

/** The set-ups to measure, in order; rows the servers cannot run yet become notes. */
function plan(sides: readonly Side[], processes: readonly number[], peer: boolean, notes: string[]): Setup[] {
  const help = spawnSync(process.execPath, [CLI, 'serve', '--help'], { encoding: 'utf8' }).stdout
  const cache = cacheArgs(help, args['cache-args'])
  if ('missing' in cache) notes.push(`cache rows skipped: ${cache.missing}`)
  const workers = help.includes('--workers')
  const setups: Setup[] = []
  if (sides.includes('ceiling')) {
    setups.push({
      key: 'bare',
      label: 'bare Fastify route',
      side: 'bare',
      processes: 1,
      path: '/predict',
      format: 'tf-serving',
      hotShare: 0,
    })
  }
  for (const n of processes) {
    if (sides.includes('peer') && peer) {
      setups.push({
        key: `peer-${n}`,
        label: `XGBoost on FastAPI/uvicorn x${n}`,
        side: 'peer',
        processes: n,
        path: '/predict',
        format: 'flat',
        hotShare: 0,
      })
    }
    if (!sides.includes('shipyard')) continue
    if (n > 1 && !workers) {
      notes.push(`Shipyard x${n} skipped: this build of shipyard serve has no --workers`)
      continue
    }
    const shipyard = (cacheOn: boolean, hotShare: number): Setup => ({
      key: `shipyard-${n}-${cacheOn ? 'on' : 'off'}-${hotShare}`,
      label: `Shipyard x${n}, cache ${cacheOn ? `on, ${hotShare * 100} % hits` : 'off'}`,
      side: 'shipyard',
      processes: n,
      path: `/v1/models/${MODEL}:predict`,
      format: 'tf-serving',
      hotShare,
      serveArgs: [
        ...(n > 1 ? ['--workers', String(n)] : []),
        ...('missing' in cache ? [] : cacheOn ? cache.on : cache.off),
      ],
    })
    setups.push(shipyard(false, 0))
    if (!('missing' in cache)) setups.push(shipyard(true, 0), shipyard(true, HOT_SHARE))
  }
  return setups
}

/**
 * The `shipyard serve` arguments that turn the prediction cache on and off, read from its help:
 * `--cache` (a switch) or `--no-cache` (on by default); `--cache-args` overrides the first.
 */
function cacheArgs(
  help: string,
  override: string | undefined,
): { on: string[]; off: string[] } | { missing: string } {
  const off = /--no-cache\b/.test(help) ? ['--no-cache'] : []
  if (override !== undefined) return { on: override.split(' ').filter(Boolean), off }
  if (/--cache(?=[\s,])(?! <)/.test(help)) return { on: ['--cache'], off }
  if (off.length > 0) return { on: [], off }
  if (/--cache </.test(help)) return { missing: 'shipyard serve --cache takes a value: pass --cache-args' }
  return { missing: 'this build of shipyard serve has no --cache flag' }
}

/** Data, the Shipyard model (registered) and the XGBoost model, unless `dir` holds them already. */
async function prepare(
  dir: string,
  rows: number,
  trees: number,
  python: string | null,
): Promise<ReturnType<typeof readTestFeatures>> {
  const data = join(dir, 'data')
  const params: GbdtParams = {
    ...GBDT_DEFAULTS,
    objective: 'binary',
    numTrees: trees,
    learningRate: 0.1,
    numLeaves: 63,
    maxDepth: -1,
    maxBins: 255,
    threads: 2,
  }
  if (!existsSync(join(data, 'meta.json'))) {
    const started = performance.now()
    const { train: trainPart, test } = trainTestSplit(
      makeClassification({ rows, seed: SEED }),
      0.2,
      SPLIT_SEED,
    )
    writeTaskFiles(data, 'binary', { train: trainPart, test })
    const { numTrees, learningRate, numLeaves, maxDepth, maxBins, threads } = params
    const model = await train(taskDataset(trainPart), {
      target: 'y',
      params: { numTrees, learningRate, numLeaves, maxDepth, maxBins, threads },
    })
    await registerBenchModel(dir, MODEL, model, 'bench/serve.ts')
    console.log(
      `data and Shipyard model: ${rows.toLocaleString('en-US')} rows, ${trees} trees trained and registered ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
  }
  const xgboostModel = join(dir, 'xgboost.json')
  if (python !== null && !existsSync(xgboostModel)) {
    const result = spawnSync(
      python,
      [
        join(PEERS, 'serve_peer.py'),
        'train',
        '--data',
        data,
        '--params',
        JSON.stringify(peerParams(params)),
        '--model',
        xgboostModel,
      ],
      { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '2' } },
    )
    const trained = parseSample<{ seconds: number }>('XGBoost training', result)
    console.log(`XGBoost model: ${trees} trees trained in ${trained.seconds.toFixed(1)} s`)
  }
  return readTestFeatures(data)
}

/** Bodies as a spec, as a wrk script and as a JSON file (for the half load), by `<format>-<hot share>`. */
interface Bodies {
  readonly spec: BodySpec
  readonly script: string
  readonly json: string
}

/** Writes the bodies every set-up draws from into `dir`. */
function writeBodies(dir: string, values: Float32Array, width: number): Map<string, Bodies> {
  const specs = new Map<string, Bodies>()
  for (const [format, hotShare] of [
    ['tf-serving', 0],
    ['tf-serving', HOT_SHARE],
    ['flat', 0],
  ] as const) {
    const key = `${format}-${hotShare}`
    const spec = bodySpec(format, values, width, hotShare)
    const script = join(dir, `bodies-${key}.lua`)
    const json = join(dir, `bodies-${key}.json`)
    writeFileSync(script, wrkScript(spec))
    writeFileSync(json, JSON.stringify(spec))
    specs.set(key, { spec, script, json })
  }
  return specs
}

/** Starts the set-up's server, warms it up, runs wrk and then the half load, and stops it. */
async function measure(
  setup: Setup,
  dir: string,
  specs: ReadonlyMap<string, Bodies>,
  python: string,
  seconds: number,
): Promise<Sample> {
  const { spec, script, json } = specs.get(`${setup.format}-${setup.hotShare}`)!
  const server = await startSetup(setup, dir, python)
  try {
    const url = `${server.url}${setup.path}`
    // Each run draws new bodies from slots of its own (see BodyStream): the warm-up's threads, the
    // measured run's, then the half load's, so that no run repeats another's bodies.
    const threads = Number(args['wrk-threads'])
    const stride = 2 * threads + 1
    await preflight(url, new BodyStream(spec, 0, stride).next())
    const wrk = { wrk: args.wrk!, url, script, connections: Number(args.connections), threads }
    runWrk({ ...wrk, seconds: WARM_UP_SECONDS, scriptArgs: ['0', String(stride)] })
    const peak: WrkResult = runWrk({ ...wrk, seconds, scriptArgs: [String(threads), String(stride)] })
    const rps = throughput(peak)
    const halfRate = Math.max(1, Math.round(rps / 2))
    const half = runHalfLoad(url, halfRate, seconds, { path: json, first: 2 * threads, stride })
    return {
      rps,
      p50Ms: peak.p50Us / 1000,
      p99Ms: peak.p99Us / 1000,
      errors: errorCount(peak),
      halfRate,
      half,
    }
  } finally {
    await server.stop()
  }
}

function startSetup(setup: Setup, dir: string, python: string): Promise<ServerProcess> {
  const logDir = join(dir, 'logs')
  const name = setup.key
  if (setup.side === 'bare') {
    return startServerProcess({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker', 'bare'],
      env: process.env,
      logDir,
      urlFrom: urlFromJsonDocument,
    })
  }
  if (setup.side === 'shipyard') {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('SHIPYARD_')),
    )
    return startServerProcess({
      name,
      command: process.execPath,
      args: [
        CLI,
        'serve',
        '--port',
        '0',
        '--json',
        '--model',
        MODEL,
        '--intra-op-threads',
        '1',
        ...setup.serveArgs!,
      ],
      env: { ...env, SHIPYARD_HOME: join(dir, 'home') },
      logDir,
      urlFrom: urlFromJsonDocument,
    })
  }
  return freePort().then((port) =>
    startServerProcess({
      name,
      command: python,
      args: [
        '-m',
        'uvicorn',
        'serve_peer:app',
        '--app-dir',
        PEERS,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--workers',
        String(setup.processes),
      ],
      env: { ...process.env, SHIPYARD_BENCH_PEER_MODEL: join(dir, 'xgboost.json'), OMP_NUM_THREADS: '1' },
      logDir,
      urlFrom: () => `http://127.0.0.1:${port}`,
      readyPath: '/health',
    }),
  )
}

/** One request before the clock: the server answers 200 with a probability. */
async function preflight(url: string, body: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const text = await response.text()
  if (response.status !== 200 || !/probabilit/.test(text)) {
    throw new Error(`${url} answered ${response.status}: ${text.slice(0, 500)}`)
  }
}

function runHalfLoad(
  url: string,
  rate: number,
  seconds: number,
  bodies: { path: string; first: number; stride: number },
): FixedRateResult {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--worker',
      'load',
      '--url',
      url,
      '--rate',
      String(rate),
      '--duration',
      String(seconds),
      '--connections',
      args.connections!,
      '--bodies',
      bodies.path,
      '--first',
      String(bodies.first),
      '--stride',
      String(bodies.stride),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  return parseSample<FixedRateResult>('fixed-rate load', result)
}

function measureSession(dir: string, seconds: number): number {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--worker',
      'session',
      '--data',
      dir,
      '--duration',
      String(seconds),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  const { rowsPerSecond } = parseSample<{ rowsPerSecond: number }>('session.run', result)
  process.stderr.write(`  session.run: ${Math.round(rowsPerSecond).toLocaleString('en-US')} rows/s\n`)
  return rowsPerSecond
}

function describe(sample: Sample): string {
  return (
    `${Math.round(sample.rps).toLocaleString('en-US')} req/s, p50 ${sample.p50Ms.toFixed(2)} ms, ` +
    `p99 ${sample.p99Ms.toFixed(2)} ms, ${sample.errors} errors; at ${sample.halfRate} req/s: ` +
    `p99 ${sample.half.p99Ms.toFixed(2)} ms, ${sample.half.errors} errors, dispatch lag p99 ${sample.half.dispatchLagP99Ms.toFixed(2)} ms`
  )
}

function report(
  setups: readonly Setup[],
  samples: ReadonlyMap<string, Sample[]>,
  session: readonly number[],
  trainRows: number,
  notes: readonly string[],
): void {
  const med = (key: string, pick: (s: Sample) => number) => {
    const list = samples.get(key)
    return list ? median(list.map(pick)) : Number.NaN
  }
  console.log(
    `\n### Single-row predictions, GBDT ${args.trees} trees x 63 leaves (trained on ${trainRows.toLocaleString('en-US')} rows), ` +
      `${args.connections} connections, ${args.duration} s per run`,
  )
  const rows = setups.map((setup) => {
    const list = samples.get(setup.key)!
    const errors = list.reduce((sum, s) => sum + s.errors + s.half.errors, 0)
    const lag = Math.max(...list.map((s) => s.half.dispatchLagP99Ms))
    return [
      setup.label,
      String(setup.processes),
      Math.round(med(setup.key, (s) => s.rps)).toLocaleString('en-US'),
      med(setup.key, (s) => s.p50Ms).toFixed(2),
      med(setup.key, (s) => s.p99Ms).toFixed(2),
      Math.round(med(setup.key, (s) => s.halfRate)).toLocaleString('en-US'),
      med(setup.key, (s) => s.half.p99Ms).toFixed(2) + (lag > 2 ? ' (generator lagged)' : ''),
      String(errors),
    ]
  })
  console.log(
    table(
      [
        'server',
        'processes',
        'req/s',
        'p50 ms',
        'p99 ms',
        'half load req/s',
        'p99 ms at half load',
        'errors',
      ],
      rows,
    ),
  )
  const bare = med('bare', (s) => s.rps)
  const run = session.length > 0 ? median([...session]) : Number.NaN
  const ceiling = Math.min(bare, run)
  if (session.length > 0) {
    console.log(
      `\nCeiling, one process: the bare route ${Math.round(bare).toLocaleString('en-US')} req/s, session.run ` +
        `${Math.round(run).toLocaleString('en-US')} rows/s (one row per run, sequential, in process); ` +
        `the slower: ${Math.round(ceiling).toLocaleString('en-US')} req/s.`,
    )
  }
  const rps = (key: string) => med(key, (s) => s.rps)
  const ratios: string[][] = []
  const ratio = (what: string, value: number, target: number, unit = '') =>
    ratios.push([
      what,
      Number.isFinite(value) ? `**${value.toFixed(2)}${unit}**` : 'not measured',
      `>= ${target}${unit}`,
      verdict(value >= target, value),
    ])
  for (const n of new Set(setups.map((s) => s.processes))) {
    ratio(
      `Shipyard cache off / peer, ${n} process${n > 1 ? 'es' : ''}`,
      rps(`shipyard-${n}-off-0`) / rps(`peer-${n}`),
      TARGET.peer,
      'x',
    )
  }
  ratio('Shipyard cache off / ceiling, 1 process', rps('shipyard-1-off-0') / ceiling, TARGET.ceiling)
  ratio(
    `Shipyard cache on, ${HOT_SHARE * 100} % hits / bare route, 1 process`,
    rps(`shipyard-1-on-${HOT_SHARE}`) / bare,
    TARGET.cached,
  )
  for (const setup of setups.filter((s) => s.side === 'shipyard')) {
    const p99 = med(setup.key, (s) => s.half.p99Ms)
    ratios.push([
      `${setup.label}: p99 at half load`,
      Number.isFinite(p99) ? `**${p99.toFixed(2)} ms**` : 'not measured',
      `< ${TARGET.halfLoadP99Ms} ms`,
      verdict(p99 < TARGET.halfLoadP99Ms, p99),
    ])
  }
  console.log(`\n${table(['ratio', 'value', 'target', 'met'], ratios)}`)
  for (const note of notes) console.log(`note: ${note}`)
}

function verdict(met: boolean, value: number): string {
  if (!Number.isFinite(value)) return ''
  return met ? 'met' : 'not met'
}

function peerVersions(python: string): Record<string, string> | null {
  const result = spawnSync(
    python,
    [
      '-c',
      'import json, sys, importlib.util as u, fastapi, uvicorn, xgboost, pydantic\n' +
        'print(json.dumps({"python": sys.version.split()[0], "fastapi": fastapi.__version__, "uvicorn": uvicorn.__version__, ' +
        '"xgboost": xgboost.__version__, "pydantic": pydantic.VERSION, ' +
        '"uvloop": "yes" if u.find_spec("uvloop") else "no", "httptools": "yes" if u.find_spec("httptools") else "no"}))',
    ],
    { encoding: 'utf8' },
  )
  return result.status === 0 ? (JSON.parse(result.stdout) as Record<string, string>) : null
}

function packageVersion(name: string): string {
  return (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  ).version
}

function pickList<T extends string>(value: string, choices: readonly T[], flag: string): T[] {
  const picked = value.split(',') as T[]
  for (const item of picked) {
    if (!choices.includes(item)) throw new Error(`--${flag}: '${item}' is not one of ${choices.join(', ')}`)
  }
  return picked
}

function printLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}

/** Measurement process: a bare Fastify route answering a constant, until SIGTERM. */
async function serveBareRoute(): Promise<void> {
  const { default: Fastify } = await import('fastify')
  const app = Fastify()
  const answer = {
    predictions: [{ label: 1, probabilities: { 0: 0.25, 1: 0.75 } }],
    model_name: MODEL,
    model_version: '1',
  }
  app.post('/predict', async () => answer)
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  printLine({ url })
  process.once('SIGTERM', () => void app.close())
}

/** Measurement process: `session.run` on one row at a time, sequentially, for `seconds`. */
async function sessionRowsPerSecond(
  dir: string,
  seconds: number,
): Promise<{ rowsPerSecond: number; runs: number }> {
  const registry = await openBenchRegistry(dir)
  const bytes = await registry.readModel(MODEL, 1)
  await registry.close()
  const session = await OnnxSession.load(bytes, { intraOpThreads: 1 })
  const { values, meta } = readTestFeatures(join(dir, 'data'))
  // One [1, 1] double tensor per feature column (see ModelSignature), `f07` from column 7.
  const inputs = session.inputNames.map((name) => ({ name, column: Number(/^f(\d+)$/.exec(name)![1]) }))
  const rows = Math.min(1000, meta.testRows)
  const runRow = (row: number) =>
    session.run(
      Object.fromEntries(
        inputs.map(({ name, column }) => [
          name,
          { type: 'double', data: Float64Array.of(values[row * meta.width + column]!), dims: [1, 1] },
        ]),
      ),
    )
  for (let row = 0; row < 200; row++) await runRow(row % rows)
  let runs = 0
  const started = performance.now()
  const until = started + seconds * 1000
  while (performance.now() < until) await runRow(runs++ % rows)
  return { rowsPerSecond: runs / ((performance.now() - started) / 1000), runs }
}

/** Measurement process: the fixed-rate half load. */
function halfLoad(): Promise<FixedRateResult> {
  const spec = JSON.parse(readFileSync(args.bodies!, 'utf8')) as BodySpec
  const bodies = new BodyStream(spec, Number(args.first), Number(args.stride))
  return fixedRateLoad({
    url: args.url!,
    rate: Number(args.rate),
    seconds: Number(args.duration),
    connections: Number(args.connections),
    nextBody: () => bodies.next(),
  })
}
