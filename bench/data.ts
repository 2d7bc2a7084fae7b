// Data: 1,000,000 rows x 28 float columns: load Parquet, load CSV, profile, fit+apply impute+scale; Shipyard vs pandas in the same run, as ratios, with peak memory.
//
// Usage: npm run build && npx tsx bench/data.ts [--reps N] [--steps parquet,csv,profile,pipeline] [--data DIR] [--rows N]
//                               [--python PATH] [--no-prime]
//
// The data (seeded, 1 % missing per column, a quarter of the columns log-normal) is written once by
// DuckDB's COPY to a temp dir as Parquet and CSV (`--data DIR` keeps it there and reuses it). Every
// measurement is its own fresh process, one step each, so that peak memory (VmHWM for Node, ru_maxrss
// for Python) belongs to that step; the two sides alternate who goes first. The clock covers the step
// alone: imports, and for profile and pipeline the Parquet load, are outside it. Figures are medians.
// Before every measurement a throwaway process touches 3 GiB (see `primeMemory`; `--no-prime` skips it).
//
// pandas: python3-pandas from Debian (`apt-get install -y python3-pandas`) with pyarrow for
// `read_parquet`, which Debian 12 does not package: `/usr/bin/python3 -m venv --system-site-packages
// /tmp/shipyard-bench-py && /tmp/shipyard-bench-py/bin/pip install pyarrow`, then `--python
// /tmp/shipyard-bench-py/bin/python` (or SHIPYARD_BENCH_PYTHON). Both sides report check figures
// (row counts, a sum, a median, a feature value) that are compared, so that both did the same work.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Dataset } from '../dist/data/index.js'
import { median, mib, parseSample, peakRssKiB, primeMemory, table } from './lib/bench-kit.js'

const STEPS = ['parquet', 'csv', 'profile', 'pipeline'] as const
type Step = (typeof STEPS)[number] | 'baseline'
const COLUMNS = 28
const PANDAS_STEP: Record<Step, string> = {
  baseline: 'baseline',
  parquet: 'parquet',
  csv: 'csv',
  profile: 'describe',
  pipeline: 'pipeline',
}
const LABEL: Record<Step, string> = {
  baseline: 'idle process (imports only)',
  parquet: '(1) load Parquet',
  csv: '(2) load CSV',
  profile: '(3) profile (no fingerprint) / describe',
  pipeline: '(4) fit+apply impute median + standard scale',
}

/** What one measurement process prints, as one JSON line. */
interface Sample {
  readonly seconds: number
  readonly peakRssKiB: number
  readonly check: Readonly<Record<string, number | string>>
  readonly versions?: Readonly<Record<string, string>>
}

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    steps: { type: 'string', default: STEPS.join(',') },
    rows: { type: 'string', default: '1000000' },
    data: { type: 'string' },
    python: { type: 'string' },
    'no-prime': { type: 'boolean', default: false },
    worker: { type: 'string' },
    parquet: { type: 'string' },
    csv: { type: 'string' },
  },
})

if (args.worker !== undefined) {
  const sample = await runShipyardStep(args.worker as Step, args.parquet!, args.csv!)
  process.stdout.write(`${JSON.stringify({ ...sample, peakRssKiB: peakRssKiB() })}\n`)
} else {
  await main()
}

async function main(): Promise<void> {
  const reps = Number(args.reps)
  const steps = args
    .steps!.split(',')
    .filter((s): s is (typeof STEPS)[number] => (STEPS as readonly string[]).includes(s))
  const rows = Number(args.rows)
  const python = args.python ?? process.env.SHIPYARD_BENCH_PYTHON ?? '/usr/bin/python3'
  const dir = args.data ?? mkdtempSync(join(tmpdir(), 'shipyard-bench-data-'))
  mkdirSync(dir, { recursive: true })
  const files = { parquet: join(dir, `data-${rows}.parquet`), csv: join(dir, `data-${rows}.csv`) }
  try {
    console.log(
      `bench/data.ts ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs, ` +
        `load average ${loadavg()[0]!.toFixed(1)}; ${rows.toLocaleString('en-US')} rows x ${COLUMNS} columns, ` +
        `median of ${reps}${args['no-prime'] ? ', memory not primed' : ''}`,
    )
    await generate(files, rows)
    const pandas = pandasAvailable(python)
    if (!pandas)
      console.log(
        `pandas: not available through ${python}; measuring Shipyard only (see the header of this file)`,
      )

    const samples = new Map<string, Sample[]>()
    const record = (side: string, step: Step, sample: Sample) => {
      const key = `${side}:${step}`
      samples.set(key, [...(samples.get(key) ?? []), sample])
    }
    for (const step of ['baseline', ...steps] as const) {
      for (let rep = 0; rep < (step === 'baseline' ? 1 : reps); rep++) {
        // Alternate who goes first, so that neither side always runs on a warmer page cache.
        const order = rep % 2 === 0 ? ['shipyard', 'pandas'] : ['pandas', 'shipyard']
        for (const side of order) {
          if (side === 'pandas' && !pandas) continue
          if (!args['no-prime']) primeMemory(pandas ? python : null)
          const sample = side === 'shipyard' ? shipyardSample(step, files) : pandasSample(python, step, files)
          record(side, step, sample)
          process.stderr.write(
            `  ${step} ${side}: ${sample.seconds.toFixed(3)} s, ${mib(sample.peakRssKiB)} MiB\n`,
          )
        }
      }
    }
    report(samples, pandas, steps)
  } finally {
    if (args.data === undefined) rmSync(dir, { recursive: true, force: true })
  }
}

/** Writes the seeded data as Parquet, then the same rows as CSV, unless `--data` already holds them. */
async function generate(files: { parquet: string; csv: string }, rows: number): Promise<void> {
  if (existsSync(files.parquet) && existsSync(files.csv)) return
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  const started = performance.now()
  // Independent uniforms from a hash of (row, column, seed, stream); Box-Muller makes them normal.
  const uniform = (k: number, stream: number) =>
    `((hash(hash(i, ${k}, 42) + ${stream}) >> 11)::DOUBLE + 0.5) / 9007199254740992.0`
  const columns = Array.from({ length: COLUMNS }, (_, k) => {
    const z = `sqrt(-2 * ln(${uniform(k, 1)})) * cos(2 * pi() * ${uniform(k, 2)})`
    const value = k % 4 === 3 ? `exp(${z})` : `${k} + ${1 + k / 4} * ${z}`
    const name = `f${String(k).padStart(2, '0')}`
    return `CASE WHEN hash(hash(i, ${k}, 42) + 3) % 100 = 0 THEN NULL ELSE round(${value}, 6) END AS ${name}`
  })
  await connection.run(
    `COPY (SELECT ${columns.join(', ')} FROM range(${rows}) t(i)) TO '${files.parquet}' (FORMAT parquet)`,
  )
  await connection.run(`COPY (SELECT * FROM '${files.parquet}') TO '${files.csv}' (HEADER)`)
  connection.closeSync()
  instance.closeSync()
  console.log(`data: written by DuckDB in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

function shipyardSample(step: Step, files: { parquet: string; csv: string }): Sample {
  const script = fileURLToPath(import.meta.url)
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', script, '--worker', step, '--parquet', files.parquet, '--csv', files.csv],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  return parseSample<Sample>(`shipyard ${step}`, result)
}

function pandasSample(python: string, step: Step, files: { parquet: string; csv: string }): Sample {
  const script = fileURLToPath(new URL('peers/pandas_data.py', import.meta.url))
  const result = spawnSync(
    python,
    [script, PANDAS_STEP[step], '--parquet', files.parquet, '--csv', files.csv],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  )
  return parseSample<Sample>(`pandas ${step}`, result)
}

function pandasAvailable(python: string): boolean {
  const probe = spawnSync(python, ['-c', 'import pandas, pyarrow'], { encoding: 'utf8' })
  return probe.status === 0
}

function report(
  samples: ReadonlyMap<string, Sample[]>,
  pandas: boolean,
  steps: readonly (typeof STEPS)[number][],
): void {
  const versions = samples.get('pandas:baseline')?.[0]?.versions
  if (versions) {
    console.log(
      `pandas ${versions.pandas} (numpy ${versions.numpy}, pyarrow ${versions.pyarrow}) on Python ${versions.python}`,
    )
  }
  const rows: string[][] = []
  for (const step of ['baseline', ...steps] as const) {
    const ours = samples.get(`shipyard:${step}`) ?? []
    const theirs = samples.get(`pandas:${step}`) ?? []
    const s = median(ours.map((x) => x.seconds))
    const p = median(theirs.map((x) => x.seconds))
    const sBest = Math.min(...ours.map((x) => x.seconds))
    const pBest = Math.min(...theirs.map((x) => x.seconds))
    const isBaseline = step === 'baseline'
    rows.push([
      LABEL[step],
      isBaseline ? '' : s.toFixed(3),
      isBaseline || !pandas ? '' : p.toFixed(3),
      isBaseline || !pandas ? '' : `**${(p / s).toFixed(2)}**`,
      isBaseline ? '' : sBest.toFixed(3),
      isBaseline || !pandas ? '' : pBest.toFixed(3),
      isBaseline || !pandas ? '' : (pBest / sBest).toFixed(2),
      mib(Math.max(...ours.map((x) => x.peakRssKiB))),
      pandas ? mib(Math.max(...theirs.map((x) => x.peakRssKiB))) : '',
    ])
    if (!isBaseline && pandas) {
      const problems = compareChecks(step, ours[0]!.check, theirs[0]!.check)
      if (problems.length > 0) console.log(`CHECK MISMATCH ${step}: ${problems.join('; ')}`)
    }
    if (!isBaseline) {
      console.log(
        `  ${step} samples (s): shipyard ${ours.map((x) => x.seconds.toFixed(3)).join(' ')}` +
          (pandas ? ` | pandas ${theirs.map((x) => x.seconds.toFixed(3)).join(' ')}` : ''),
      )
    }
  }
  const header = [
    'step',
    'Shipyard s',
    'pandas s',
    'pandas/Shipyard',
    'best Shipyard s',
    'best pandas s',
    'best ratio',
    'Shipyard peak MiB',
    'pandas peak MiB',
  ]
  console.log(table(header, rows))
  console.log(
    'Medians, then the fastest repetition of each side. Ratio > 1: Shipyard is faster. ' +
      "Peak: the step process's peak RSS, max over repetitions.",
  )
}

/**
 * The figures both sides report that must agree when they did the same work. pandas' describe gives
 * the sample standard deviation (ddof 1); the profile may give either, so std is compared loosely.
 */
function compareChecks(
  step: Step,
  ours: Readonly<Record<string, number | string>>,
  theirs: Readonly<Record<string, number | string>>,
): string[] {
  const tolerance: Record<string, number> = {
    sum0: 1e-9,
    mean0: 1e-9,
    std0: 1e-5,
    first: 1e-6,
    abs_sum0: 1e-6,
  }
  const problems: string[] = []
  for (const [key, expected] of Object.entries(theirs)) {
    const actual = ours[key]
    if (actual === undefined) {
      problems.push(`${key} missing on the Shipyard side`)
      continue
    }
    const a = Number(actual)
    const b = Number(expected)
    const rel = Math.abs(a - b) / Math.max(1, Math.abs(b))
    if (rel > (tolerance[key] ?? 0)) problems.push(`${key}: Shipyard ${a}, pandas ${b} (${step})`)
  }
  return problems
}

/** The Shipyard side of one step, in this (fresh) process; the clock covers the step alone. */
async function runShipyardStep(
  step: Step,
  parquet: string,
  csv: string,
): Promise<Omit<Sample, 'peakRssKiB'>> {
  // The built package, as users run it: from source, the profile's worker threads would each load tsx.
  const { profileDatasetAsync, readDataset } = await import('../dist/data/index.js')
  const { fitPipeline, transform } = await import('../dist/features/index.js')
  const dataset =
    step === 'profile' || step === 'pipeline' ? (await readDataset({ path: parquet })).dataset : null
  const started = performance.now()
  let check: Record<string, number>
  switch (step) {
    case 'baseline':
      check = {}
      break
    case 'parquet':
    case 'csv': {
      const loaded = (await readDataset({ path: step === 'parquet' ? parquet : csv })).dataset
      check = loadedCheck(loaded)
      break
    }
    case 'profile': {
      const first = (await profileDatasetAsync(dataset!, { fingerprint: false })).columns[0]!
      if (first.type !== 'numeric' || first.quantiles === null)
        throw new Error('f00 did not profile as numeric')
      check = {
        count0: first.count - first.missing,
        mean0: first.mean!,
        std0: first.std!,
        p50_0: first.quantiles.p50,
        p99_0: first.quantiles.p99,
      }
      break
    }
    case 'pipeline': {
      const columns = dataset!.columnNames
      const fitted = fitPipeline(
        {
          steps: [
            { type: 'impute', columns, strategy: 'median' },
            { type: 'standard_scale', columns },
          ],
        },
        dataset!,
      )
      const matrix = transform(fitted, dataset!)
      let absSum = 0
      for (let i = 0; i < matrix.rowCount; i++) absSum += Math.abs(matrix.values[i * columns.length]!)
      check = {
        rows: matrix.rowCount,
        width: matrix.names.length,
        first: matrix.values[0]!,
        abs_sum0: absSum,
      }
      break
    }
  }
  return { seconds: (performance.now() - started) / 1000, check }
}

function loadedCheck(dataset: Dataset): Record<string, number> {
  const first = dataset.columns[0]!
  if (first.type !== 'numeric') throw new Error(`f00 loaded as ${first.type}`)
  let missing = 0
  let sum = 0
  for (const v of first.values) {
    if (Number.isNaN(v)) missing++
    else sum += v
  }
  return { rows: dataset.rowCount, columns: dataset.columns.length, missing0: missing, sum0: sum }
}
