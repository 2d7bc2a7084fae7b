import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ShipyardError } from '../../../shared/index.js'
import { RECORD_FIELDS } from '../prediction-filter.js'
import type {
  FeedbackLabel,
  FeedbackOutcome,
  LabelledPrediction,
  LabelledQuery,
  LoggedColumns,
  PredictionLogStore,
  PredictionQuery,
  PredictionRecord,
  RetentionPolicy,
} from '../prediction-log.js'
import {
  columnField,
  columnsLimit,
  labelledQuery,
  predictionWhere,
  searchLimit,
} from '../prediction-query-sql.js'
import { checkLabel, checkRecords, checkRetention } from '../record-checks.js'
import { type BulkColumn, readBulkColumns } from './duck-bulk-read.js'
import { DuckEngine } from './duck-engine.js'
import { DuckQueryTarget } from './duck-query-target.js'
import { FileSchemas } from './duck-relation.js'
import { labelColumns, labelValue, latestLabels, sortAgainstStore } from './duckdb-feedback.js'
import { type CompactionSettings, DuckMaintenance } from './duckdb-maintenance.js'
import { HOUR_MS, type HourPartition, listPartitions, partitionPath } from './hour-partitions.js'
import { withMaintenanceLock } from './maintenance-lock.js'
import { type MergeHooks, writeDataFile } from './partition-files.js'
import { PredictionFiles, retryVanished } from './prediction-files.js'
import { batchColumns, recordReader } from './record-columns.js'

/** Options of {@link DuckDbPredictionLog.open}. */
export interface DuckDbPredictionLogOptions {
  /** The store's folder, `<SHIPYARD_HOME>/predictions`; made if absent. */
  readonly directory: string
  /** Defaults: `fanIn` 16 files per level, `closeDelayMs` two minutes. */
  readonly compaction?: Partial<CompactionSettings>
  /** Compact in the background (after appends, once a minute, and once at open); default true. */
  readonly autoCompact?: boolean
  /** Told of background compaction failures (the files stay readable); default a process warning. */
  readonly onError?: (error: unknown) => void
  /** The clock, epoch ms; for tests. */
  readonly now?: () => number
}

const ORDER_NEWEST_FIRST = '"time" DESC, request_id, "row", arm'
const COMPACTION_TICK_MS = 60_000
// `enforceRetention` waits this long for another process's maintenance to finish.
const LOCK_WAIT_MS = 30_000

/**
 * The embedded prediction log: Parquet files under `directory`, partitioned
 * `model=<name>/hour=<YYYY-MM-DDTHH>/`, queried with an in-process DuckDB. See `PredictionLogStore`
 * for the contract, `partition-files.ts` and `pending-batches.ts` for why a crash never leaves a half
 * batch or a record counted twice, and `record-columns.ts` for the columns.
 *
 * - `append` writes one file per partition it touches (more if a key's values differ in type), all of
 *   which become visible at once or not at all.
 * - Reads list the partitions the query's model and time window allow, then read their files in one
 *   `read_parquet`; `search` reads the newest hours first and stops once it has `limit` records.
 * - Compaction (in the background, one process at a time per folder) merges an hour's files into one
 *   once it has ended, and caps the files of an open hour at `fanIn` per level.
 * - Retention removes whole hours. Feedback labels are Parquet files under `feedback/`.
 * - Inputs and outputs: null values are not kept (see `keptValues`); each value keeps its JSON type,
 *   even where files disagree on a key's type (see `FileSchemas`).
 */
export class DuckDbPredictionLog implements PredictionLogStore {
  readonly #engine: DuckEngine
  readonly #files: PredictionFiles
  readonly #schemas: FileSchemas
  readonly #maintenance: DuckMaintenance
  readonly #lockPath: string
  readonly #now: () => number
  readonly #onError: (error: unknown) => void
  readonly #autoCompact: boolean
  readonly #dirty = new Map<string, { partition: HourPartition; mark: number }>()
  #mark = 0
  #exclusive: Promise<unknown> = Promise.resolve()
  #compactionQueued = false
  #feedbackWrites: Promise<unknown> = Promise.resolve()
  #arrival = 0n
  #timer: NodeJS.Timeout | undefined

  private constructor(engine: DuckEngine, options: DuckDbPredictionLogOptions) {
    this.#engine = engine
    this.#files = new PredictionFiles(options.directory)
    this.#schemas = new FileSchemas(engine)
    this.#maintenance = new DuckMaintenance(this.#files, this.#schemas, engine, {
      fanIn: options.compaction?.fanIn ?? 16,
      closeDelayMs: options.compaction?.closeDelayMs ?? 120_000,
    })
    this.#lockPath = join(options.directory, '.maintenance.lock')
    this.#now = options.now ?? Date.now
    this.#onError =
      options.onError ?? ((error) => process.emitWarning(`prediction log compaction: ${String(error)}`))
    this.#autoCompact = options.autoCompact ?? true
  }

  /** Opens the store at `options.directory`, and (unless `autoCompact` is false) tidies it in the background. */
  static async open(options: DuckDbPredictionLogOptions): Promise<DuckDbPredictionLog> {
    await mkdir(options.directory, { recursive: true })
    const store = new DuckDbPredictionLog(await DuckEngine.open(), options)
    if (store.#autoCompact) {
      for (const partition of await listPartitions(options.directory, {})) store.#markDirty(partition)
      store.#scheduleCompaction()
      store.#timer = setInterval(
        () => store.#dirty.size > 0 && store.#scheduleCompaction(),
        COMPACTION_TICK_MS,
      )
      store.#timer.unref()
    }
    return store
  }

  async append(records: readonly PredictionRecord[]): Promise<void> {
    checkRecords(records)
    if (records.length === 0) return
    const groups = new Map<string, { partition: HourPartition; records: PredictionRecord[] }>()
    for (const record of records) {
      const start = Math.floor(record.time / HOUR_MS) * HOUR_MS
      const key = `${start} ${record.model}`
      let group = groups.get(key)
      if (group === undefined) {
        group = {
          partition: { path: partitionPath(this.#files.root, record.model, start), start },
          records: [],
        }
        groups.set(key, group)
      }
      group.records.push(record)
    }
    await this.#files.pending.append(
      [...groups.values()].flatMap(({ partition, records: group }) =>
        batchColumns(group).map((columns) => ({
          folder: partition.path,
          write: (temp: string) => this.#engine.writeParquet(columns, columns[0]!.values.length, temp),
        })),
      ),
    )
    for (const { partition } of groups.values()) this.#markDirty(partition)
    if (this.#autoCompact) this.#scheduleCompaction()
  }

  async search(query: PredictionQuery): Promise<PredictionRecord[]> {
    const limit = searchLimit(query)
    checkQuery(query)
    const hours = groupByHour(await listPartitions(this.#files.root, query)).reverse()
    const found: PredictionRecord[] = []
    // Newest hours first, in windows doubling in width: a recent answer reads little, an old one few queries.
    for (let i = 0, width = 1; i < hours.length && found.length < limit; i += width, width *= 2) {
      const partitions = hours.slice(i, i + width).flat()
      found.push(...(await this.#searchIn(partitions, query, limit - found.length)))
    }
    return found
  }

  async count(query: PredictionQuery): Promise<number> {
    checkQuery(query)
    const partitions = await listPartitions(this.#files.root, query)
    return retryVanished(async () => {
      const files = await this.#files.partitionFiles(partitions)
      if (files.length === 0) return 0
      const { sql: relation, logged } = await this.#schemas.relation(files)
      const target = new DuckQueryTarget(logged)
      const where = predictionWhere(query, target)
      const { rows } = await this.#engine.rows(
        `SELECT count(*) FROM ${relation} WHERE ${where}`,
        target.params.values,
      )
      return Number(rows[0]![0])
    })
  }

  async columns(query: PredictionQuery, names: readonly string[]): Promise<LoggedColumns> {
    const fields = names.map(columnField)
    const limit = columnsLimit(query)
    checkQuery(query)
    const partitions = await listPartitions(this.#files.root, query)
    return retryVanished(async () => {
      const files = await this.#files.partitionFiles(partitions)
      if (files.length === 0) {
        const empty = (i: number) => {
          const field = fields[i]!
          return field.scope === 'record' && RECORD_FIELDS[field.name] === 'string' ? [] : new Float64Array(0)
        }
        return { rowCount: 0, columns: new Map(names.map((name, i) => [name, empty(i)])) }
      }
      const { sql: relation, logged } = await this.#schemas.relation(files)
      const target = new DuckQueryTarget(logged)
      const where = predictionWhere(query, target)
      // Each name is read as numbers, as strings, or (a key no file has) not at all.
      const plan = fields.map((field) => {
        if (field.scope === 'record') {
          return { sql: target.column(field.name), numeric: RECORD_FIELDS[field.name] === 'number' }
        }
        const kinds = target.kinds(field.scope, field.name)
        if (kinds.length === 0) return null
        const numeric = kinds.length === 1 && kinds[0] === 'number'
        return { sql: target.logged(field.scope, field.name, numeric ? 'number' : 'any'), numeric }
      })
      const result = await readBulkColumns(
        this.#engine,
        {
          from: relation,
          where,
          tail: limit === undefined ? '' : ` ORDER BY ${ORDER_NEWEST_FIRST} LIMIT ${limit}`,
          params: target.params.values,
        },
        plan.filter((p) => p !== null),
      )
      const columns = new Map<string, BulkColumn>()
      let next = 0
      names.forEach((name, i) => {
        columns.set(
          name,
          plan[i] === null ? new Float64Array(result.rowCount).fill(Number.NaN) : result.columns[next++]!,
        )
      })
      return { rowCount: result.rowCount, columns }
    })
  }

  async appendFeedback(labels: readonly FeedbackLabel[]): Promise<FeedbackOutcome> {
    const checked = labels.map(checkLabel)
    // One batch at a time, so that each sees the labels of the one before when counting replacements.
    const run = this.#feedbackWrites.then(async () => {
      const { accepted, outcome } = await retryVanished(async () => {
        const predictions = await this.#files.partitionFiles(await listPartitions(this.#files.root, {}))
        const feedback = await this.#files.folderFiles(this.#files.feedbackFolder)
        return sortAgainstStore(this.#engine, checked, predictions, feedback)
      })
      if (accepted.length > 0) {
        const first = this.#nextArrivals(accepted.length)
        await writeDataFile(this.#files.feedbackFolder, 0, (temp) =>
          this.#engine.writeParquet(labelColumns(accepted, first), accepted.length, temp),
        )
        if (this.#autoCompact) this.#scheduleCompaction()
      }
      return outcome
    })
    this.#feedbackWrites = run.catch(() => {})
    return run
  }

  async labelled(query: LabelledQuery): Promise<LabelledPrediction[]> {
    const asQuery = labelledQuery(query)
    checkQuery(asQuery)
    const partitions = await listPartitions(this.#files.root, asQuery)
    return retryVanished(async () => {
      const files = await this.#files.partitionFiles(partitions)
      const feedback = await this.#files.folderFiles(this.#files.feedbackFolder)
      if (files.length === 0 || feedback.length === 0) return []
      const { sql: relation, logged } = await this.#schemas.relation(files)
      const target = new DuckQueryTarget(logged, 'p')
      const where = predictionWhere(asQuery, target)
      const { names, rows } = await this.#engine.rows(
        `SELECT p.*, l.label AS __label, l.time AS __label_time FROM ${relation} p ` +
          `JOIN ${latestLabels(feedback)} l ON p.request_id = l.request_id AND p."row" = l."row" ` +
          `WHERE ${where} ORDER BY p."time", p.request_id, p."row", p.arm`,
        target.params.values,
      )
      const read = recordReader(names)
      const label = names.indexOf('__label')
      const labelTime = names.indexOf('__label_time')
      return rows.map((row) => ({
        record: read(row),
        label: labelValue(row[label] as string),
        labelTime: Number(row[labelTime]),
      }))
    })
  }

  async enforceRetention(policy: RetentionPolicy): Promise<number> {
    checkRetention(policy)
    const removed = await this.#maintain(
      () => this.#maintenance.enforceRetention(policy, this.#now()),
      LOCK_WAIT_MS,
    )
    return removed ?? 0
  }

  async storedBytes(): Promise<number> {
    return this.#maintenance.storedBytes()
  }

  /**
   * Compacts every partition now (what the background does, for tests and tools). Returns false when
   * another process was compacting the folder, so nothing was done.
   */
  async compact(hooks: MergeHooks = {}): Promise<boolean> {
    const done = await this.#maintain(async () => {
      await this.#maintenance.compact(await listPartitions(this.#files.root, {}), this.#now(), hooks)
      return true
    }, 0)
    return done ?? false
  }

  async close(): Promise<void> {
    clearInterval(this.#timer)
    await Promise.all([this.#exclusive.catch(() => {}), this.#feedbackWrites])
    this.#engine.close()
  }

  async #searchIn(partitions: readonly HourPartition[], query: PredictionQuery, limit: number) {
    return retryVanished(async () => {
      const files = await this.#files.partitionFiles(partitions)
      if (files.length === 0) return []
      const { sql: relation, logged } = await this.#schemas.relation(files)
      const target = new DuckQueryTarget(logged)
      const where = predictionWhere(query, target)
      const { names, rows } = await this.#engine.rows(
        `SELECT * FROM ${relation} WHERE ${where} ORDER BY ${ORDER_NEWEST_FIRST} LIMIT ${limit}`,
        target.params.values,
      )
      return rows.map(recordReader(names))
    })
  }

  /**
   * Runs maintenance `work` alone in this process and under the folder's lock; waits up to `waitMs`
   * for another process holding it. Resolves undefined when it never got the lock.
   */
  #maintain<T>(work: () => Promise<T>, waitMs: number): Promise<T | undefined> {
    const run = this.#exclusive.then(async () => {
      const deadline = Date.now() + waitMs
      for (;;) {
        const result = await withMaintenanceLock(this.#lockPath, async () => ({ value: await work() }))
        if (result !== undefined) return result.value
        if (Date.now() >= deadline) {
          if (waitMs === 0) return undefined
          throw new ShipyardError(
            'SHIPYARD_STORE_UNAVAILABLE',
            `the prediction log at ${this.#files.root} is being compacted by another process (lock ${this.#lockPath}); try again`,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    })
    this.#exclusive = run.catch(() => {})
    return run
  }

  #scheduleCompaction(): void {
    if (this.#compactionQueued) return
    this.#compactionQueued = true
    this.#maintain(async () => {
      this.#compactionQueued = false
      const marks = new Map([...this.#dirty].map(([path, entry]) => [path, entry.mark]))
      const partitions = [...this.#dirty.values()].map((entry) => entry.partition)
      const open = new Set((await this.#maintenance.compact(partitions, this.#now())).map((p) => p.path))
      // A partition closed and merged is done, unless an append touched it meanwhile.
      for (const [path, mark] of marks) {
        if (!open.has(path) && this.#dirty.get(path)?.mark === mark) this.#dirty.delete(path)
      }
    }, 0)
      .catch(this.#onError)
      .finally(() => {
        this.#compactionQueued = false
      })
  }

  #markDirty(partition: HourPartition): void {
    this.#dirty.set(partition.path, { partition, mark: ++this.#mark })
  }

  #nextArrivals(count: number): bigint {
    const first = BigInt(Math.floor(this.#now())) * 1_000_000n
    this.#arrival = first > this.#arrival ? first : this.#arrival
    const start = this.#arrival
    this.#arrival += BigInt(count)
    return start
  }
}

// Checks every field of a query (compiling it against no files) before any file is listed.
function checkQuery(query: PredictionQuery): void {
  predictionWhere(query, new DuckQueryTarget(new Map()))
}

// Partitions grouped by hour, oldest first (the input is sorted so).
function groupByHour(partitions: readonly HourPartition[]): HourPartition[][] {
  const hours: HourPartition[][] = []
  for (const partition of partitions) {
    const last = hours.at(-1)
    if (last !== undefined && last[0]!.start === partition.start) last.push(partition)
    else hours.push([partition])
  }
  return hours
}
