// Tracking: SDK metric ingest (100k points) vs plain-driver inserts, and filtered search over 10k runs; SQLite, plus PostgreSQL when SHIPYARD_BENCH_DATABASE_URL is set.
//
// Usage: npx tsx bench/tracking.ts [--part ingest|search] [--reps N]
// Each ingest repetition uses a fresh database, for the SDK and for the ceiling alike; figures are
// medians. The ceiling writes the same rows into the same `metrics` table (created by the real
// migration, so same columns, index and foreign key) with the bare driver in one transaction; unlike
// the SDK it does not maintain `latest_metrics`, so it is an upper bound, not a like-for-like rival.
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { Shipyard } from '../src/sdk/index.js'
import type { DatabaseTarget } from '../src/shared/config.js'
import { openSqlDatabase } from '../src/sql/index.js'
import { freshPostgresSchema } from '../src/sql/test-databases.js'

const KEYS = 100
const STEPS = 1000
const POINTS = KEYS * STEPS
const SEARCH_RUNS = 10_000
const SEARCH_FILTER = "metrics.m1 > 0.5 and params.model = 'gbdt'"
const SEARCH_ORDER = ['metrics.m2 DESC']
const SEARCH_REPS = 20

const { values: args } = parseArgs({
  options: { part: { type: 'string' }, reps: { type: 'string', default: '5' } },
})
const REPS = Number(args.reps)
const pgUrl = process.env.SHIPYARD_BENCH_DATABASE_URL ?? process.env.SHIPYARD_TEST_DATABASE_URL

/** A fresh, empty database and the folder that goes with it. */
interface Scratch {
  readonly home: string
  readonly target: DatabaseTarget
  dispose(): Promise<void>
}

interface Backend {
  readonly name: 'sqlite' | 'postgres'
  scratch(): Promise<Scratch>
  /** Inserts the rows with the bare driver, in one transaction; returns the seconds taken. */
  ceiling(scratch: Scratch): Promise<number>
}

const sqlite: Backend = {
  name: 'sqlite',
  async scratch() {
    const home = mkdtempSync(join(tmpdir(), 'shipyard-bench-'))
    return {
      home,
      target: { kind: 'sqlite', path: join(home, 'shipyard.db') },
      dispose: async () => rmSync(home, { recursive: true, force: true }),
    }
  },
  async ceiling(scratch) {
    if (scratch.target.kind !== 'sqlite') throw new Error('not sqlite')
    await createSchema(scratch.target)
    // The same pragmas as src/sql/dialects/sqlite-dialect.ts.
    const db = new SQLite(scratch.target.path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    insertBenchRun(db)
    const insert = db.prepare(
      'INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, ?)',
    )
    const started = performance.now()
    db.transaction(() => {
      for (let step = 0; step < STEPS; step++) {
        for (let k = 0; k < KEYS; k++) {
          const value = pointValue(k, step)
          insert.run(
            RUN_ID,
            `metric_${k}`,
            step,
            Date.now(),
            Number.isNaN(value) ? 0 : value,
            Number.isNaN(value) ? 1 : 0,
          )
        }
      }
    })()
    const seconds = (performance.now() - started) / 1000
    db.close()
    return seconds
  },
}

/** Rows per INSERT for the PostgreSQL ceiling: 5000 x 6 = 30,000 parameters, under the 65,535 limit. */
const PG_ROWS_PER_INSERT = 5000

function postgres(url: string): Backend {
  return {
    name: 'postgres',
    async scratch() {
      const fresh = await freshPostgresSchema(url, 'shipyard_bench')
      return { home: fresh.dir, target: fresh.target, dispose: fresh.dispose }
    },
    async ceiling(scratch) {
      if (scratch.target.kind !== 'postgres') throw new Error('not postgres')
      await createSchema(scratch.target)
      const client = new pg.Client({ connectionString: scratch.target.url })
      await client.connect()
      try {
        await client.query(
          `INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri) VALUES ($1, '0', 'bench', '', 'RUNNING', 0, 'active', '')`,
          [RUN_ID],
        )
        const started = performance.now()
        await client.query('BEGIN')
        let params: unknown[] = []
        let placeholders: string[] = []
        const send = async () => {
          await client.query(
            `INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES ${placeholders.join(',')}`,
            params,
          )
          params = []
          placeholders = []
        }
        for (let step = 0; step < STEPS; step++) {
          for (let k = 0; k < KEYS; k++) {
            const value = pointValue(k, step)
            const n = params.length
            placeholders.push(`($${n + 1},$${n + 2},$${n + 3},$${n + 4},$${n + 5},$${n + 6})`)
            params.push(
              RUN_ID,
              `metric_${k}`,
              step,
              Date.now(),
              Number.isNaN(value) ? 0 : value,
              Number.isNaN(value) ? 1 : 0,
            )
            if (placeholders.length === PG_ROWS_PER_INSERT) await send()
          }
        }
        if (placeholders.length > 0) await send()
        await client.query('COMMIT')
        return (performance.now() - started) / 1000
      } finally {
        await client.end()
      }
    },
  }
}

const RUN_ID = 'b'.repeat(32)

function pointValue(key: number, step: number): number {
  return 1 / (1 + step) + key / 1000
}

/** Creates the tracking tables with the real migration, so the ceiling's table is the SDK's. */
async function createSchema(target: DatabaseTarget): Promise<void> {
  const database = await openSqlDatabase(target)
  await database.db
    .insertInto('experiments')
    .values({
      experiment_id: '0',
      name: 'Default',
      artifact_location: '',
      lifecycle_stage: 'active',
      creation_time: 0,
      last_update_time: 0,
    })
    .execute()
  await database.close()
}

function insertBenchRun(db: SQLite.Database): void {
  db.prepare(
    `INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri) VALUES (?, '0', 'bench', '', 'RUNNING', 0, 'active', '')`,
  ).run(RUN_ID)
}

/** One SDK repetition: logMetric for every point (a training loop's order: step by step), then end(). */
async function sdkIngest(scratch: Scratch): Promise<number> {
  const shipyard = await Shipyard.open({ home: scratch.home, databaseUrl: databaseUrl(scratch.target) })
  try {
    const run = await shipyard.startRun({ runName: 'ingest' })
    const keys = Array.from({ length: KEYS }, (_, k) => `metric_${k}`)
    const started = performance.now()
    for (let step = 0; step < STEPS; step++) {
      for (let k = 0; k < KEYS; k++) run.logMetric(keys[k] as string, pointValue(k, step), step)
    }
    await run.end()
    const seconds = (performance.now() - started) / 1000
    const stored = await shipyard.store.getMetricHistory(run.runId, 'metric_7')
    if (stored.length !== STEPS)
      throw new Error(`expected ${STEPS} points of metric_7, found ${stored.length}`)
    return seconds
  } finally {
    await shipyard.close()
  }
}

function databaseUrl(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? target.path : target.url
}

async function benchIngest(backend: Backend): Promise<IngestRow> {
  const sdk: number[] = []
  const ceiling: number[] = []
  for (let rep = 0; rep < REPS; rep++) {
    // Alternate which side goes first so that neither always gets the warmer machine.
    const order = rep % 2 === 0 ? ['sdk', 'ceiling'] : ['ceiling', 'sdk']
    for (const side of order) {
      const scratch = await backend.scratch()
      try {
        const seconds = side === 'sdk' ? await sdkIngest(scratch) : await backend.ceiling(scratch)
        ;(side === 'sdk' ? sdk : ceiling).push(POINTS / seconds)
      } finally {
        await scratch.dispose()
      }
    }
  }
  return {
    backend: backend.name,
    sdk: median(sdk),
    ceiling: median(ceiling),
    sdkAll: sdk,
    ceilingAll: ceiling,
  }
}

interface IngestRow {
  readonly backend: string
  readonly sdk: number
  readonly ceiling: number
  readonly sdkAll: readonly number[]
  readonly ceilingAll: readonly number[]
}

interface SearchRow {
  readonly backend: string
  readonly seedSeconds: number
  readonly medianMs: number
  readonly minMs: number
  readonly maxMs: number
  readonly matches: number
}

async function benchSearch(backend: Backend): Promise<SearchRow> {
  const scratch = await backend.scratch()
  const shipyard = await Shipyard.open({ home: scratch.home, databaseUrl: databaseUrl(scratch.target) })
  try {
    const seedStarted = performance.now()
    const { experimentId } = await shipyard.getOrCreateExperiment('search-bench')
    const expected = await seedRuns(shipyard, experimentId)
    const seedSeconds = (performance.now() - seedStarted) / 1000
    const query = {
      experimentIds: [experimentId],
      filter: SEARCH_FILTER,
      orderBy: SEARCH_ORDER,
      maxResults: 100,
    }
    const first = await shipyard.store.searchRuns(query)
    checkSearch(
      first.items.map((run) => run.data.metrics.m2?.value ?? Number.NaN),
      expected,
    )
    const times: number[] = []
    for (let rep = 0; rep < SEARCH_REPS; rep++) {
      const started = performance.now()
      await shipyard.store.searchRuns(query)
      times.push(performance.now() - started)
    }
    return {
      backend: backend.name,
      seedSeconds,
      medianMs: median(times),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      matches: expected.length,
    }
  } finally {
    await shipyard.close()
    await scratch.dispose()
  }
}

/** Seeds the runs (one createRun and one logBatch each, a few at a time) and returns the m2 values that match the filter, best first. */
async function seedRuns(shipyard: Shipyard, experimentId: string): Promise<number[]> {
  const matching: number[] = []
  const store = shipyard.store
  let next = 0
  const worker = async () => {
    while (next < SEARCH_RUNS) {
      const i = next++
      const metrics = Array.from({ length: 10 }, (_, m) => ({
        key: `m${m}`,
        value: fraction(i, m),
        step: 0,
        timestamp: Date.now(),
      }))
      const model = i % 3 === 0 ? 'gbdt' : 'linear'
      const { info } = await store.createRun({ experimentId, runName: `run-${i}` })
      await store.logBatch(info.runId, {
        metrics,
        params: [
          { key: 'model', value: model },
          { key: 'seed', value: String(i) },
        ],
      })
      if (model === 'gbdt' && fraction(i, 1) > 0.5) matching.push(fraction(i, 2))
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker))
  return matching.sort((a, b) => b - a)
}

/** A deterministic, well-spread value in [0, 1) for run `i`, metric `m`. */
function fraction(i: number, m: number): number {
  const x = Math.sin(i * 12.9898 + m * 78.233) * 43758.5453
  return x - Math.floor(x)
}

function checkSearch(got: readonly number[], expected: readonly number[]): void {
  const want = expected.slice(0, 100)
  if (got.length !== want.length || got.some((v, i) => v !== want[i])) {
    throw new Error(
      `search returned the wrong runs: first ${got.slice(0, 3).join(', ')}, expected ${want.slice(0, 3).join(', ')}`,
    )
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

async function main(): Promise<void> {
  const backends = [sqlite, ...(pgUrl ? [postgres(pgUrl)] : [])]
  const load = loadavg().map((l) => l.toFixed(1))
  console.log(
    `Shipyard tracking benchmark, node ${process.version}, ${cpus().length} CPUs, load ${load.join(' ')}, ${new Date().toISOString()}`,
  )
  if (!pgUrl)
    console.log('(PostgreSQL skipped: set SHIPYARD_BENCH_DATABASE_URL or SHIPYARD_TEST_DATABASE_URL)')
  if (args.part === undefined || args.part === 'ingest') {
    console.log(
      `\n(a) ingest: ${fmt(POINTS)} points (${KEYS} keys x ${STEPS} steps) to one run, median of ${REPS}`,
    )
    console.log('    ceiling = bare driver, same rows, one transaction, no latest_metrics upkeep')
    console.log(
      `${'backend'.padEnd(10)}${'SDK points/s'.padStart(14)}${'ceiling points/s'.padStart(18)}${'ratio'.padStart(8)}   target`,
    )
    for (const backend of backends) {
      const row = await benchIngest(backend)
      const ratio = row.sdk / row.ceiling
      console.log(
        `${row.backend.padEnd(10)}${fmt(row.sdk).padStart(14)}${fmt(row.ceiling).padStart(18)}${fmt(ratio, 2).padStart(8)}   >= 0.50 ${ratio >= 0.5 ? 'ok' : 'MISSED'}`,
      )
      console.log(
        `${''.padEnd(10)}  all SDK: ${row.sdkAll.map((v) => fmt(v)).join(' ')}; all ceiling: ${row.ceilingAll.map((v) => fmt(v)).join(' ')}`,
      )
    }
  }
  if (args.part === undefined || args.part === 'search') {
    console.log(
      `\n(b) search: ${fmt(SEARCH_RUNS)} runs x 10 metrics + 2 params; filter "${SEARCH_FILTER}", order ${SEARCH_ORDER.join(', ')}, maxResults 100; ${SEARCH_REPS} repetitions`,
    )
    console.log(
      `${'backend'.padEnd(10)}${'median ms'.padStart(11)}${'min ms'.padStart(9)}${'max ms'.padStart(9)}${'matches'.padStart(9)}${'seed s'.padStart(8)}   target`,
    )
    for (const backend of backends) {
      const row = await benchSearch(backend)
      console.log(
        `${row.backend.padEnd(10)}${fmt(row.medianMs, 1).padStart(11)}${fmt(row.minMs, 1).padStart(9)}${fmt(row.maxMs, 1).padStart(9)}${fmt(row.matches).padStart(9)}${fmt(row.seedSeconds, 1).padStart(8)}   < 100 ms ${row.medianMs < 100 ? 'ok' : 'MISSED'}`,
      )
    }
  }
}

await main()
