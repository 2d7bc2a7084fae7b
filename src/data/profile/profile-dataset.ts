import { invalidValue } from '../../shared/index.js'
import type { Column, ColumnOf, ColumnType } from '../column.js'
import type { Dataset } from '../dataset.js'
import { fingerprintDataset } from '../fingerprint.js'
import { profileBoolean, profileCategorical, profileText } from './category-summary.js'
import type { ColumnProfile, DatasetProfile } from './dataset-profile.js'
import { type NumericSummary, summariseNumbers } from './numeric-summary.js'
import { SortScratch } from './sort-float64.js'
import {
  defaultWorkerCount,
  type SummaryWorker,
  summaryWorkers,
  WORKER_DEPTH,
  workerFailure,
} from './summary-pool.js'

/** Numeric and datetime cells below which `profileDatasetAsync` stays on the main thread by default. */
const PARALLEL_MIN_CELLS = 1_000_000
const MAX_WORKERS = 16

/** Options of `profileDataset`. */
export interface ProfileOptions {
  /** Histogram bins between p1 and p99 (1..1000). Default 20. */
  readonly bins?: number
  /** Most frequent categories kept per column (0..10,000); the rest are summed as `other`. Default 20. */
  readonly topCategories?: number
  /**
   * The dataset's fingerprint. Default: computed with `fingerprintDataset` (a sha256 pass over the
   * data, ~0.3 s per million rows of 28 floats). Pass the string when the caller already has it (a
   * loader or a run computed it) so the data is not hashed twice; `false` leaves it null.
   */
  readonly fingerprint?: string | false
  /**
   * Called after each column with its profile and position, for progress on wide data (a profile of
   * 1M rows takes ~30 ms per numeric column). In `profileDataset` the fingerprint, when computed, comes first; `profileDatasetAsync` computes it last, while the workers finish.
   */
  readonly onColumn?: (profile: ColumnProfile, index: number, total: number) => void
  /**
   * `profileDatasetAsync` only: worker threads that profile numeric and datetime columns beside the
   * main thread (0..16; 0 profiles in-process). Default: one per core beyond the main thread's (at
   * most 7) when the dataset has at least a million numeric and datetime cells, else 0, since
   * starting the workers costs more than it saves on small data. Results do not depend on it.
   */
  readonly workers?: number
}

interface ProfileContext {
  readonly scratch: SortScratch
  readonly bins: number
  readonly top: number
}

/** How each column type is profiled; a new column type does not compile until it has an entry. */
const PROFILERS: {
  readonly [T in ColumnType]: (column: ColumnOf<T>, context: ProfileContext) => ColumnProfile
} = {
  numeric: (column, { scratch, bins }) =>
    numericProfile(column, summariseNumbers(column.values, scratch, bins)),
  datetime: (column, { scratch, bins }) =>
    datetimeProfile(column, summariseNumbers(column.values, scratch, bins)),
  categorical: (column, { top }) => profileCategorical(column, top),
  text: (column, { top }) => profileText(column, top),
  boolean: (column) => profileBoolean(column),
}

function numericProfile(column: ColumnOf<'numeric'>, summary: NumericSummary): ColumnProfile {
  const { missing, distinct, ...rest } = summary
  return { name: column.name, type: 'numeric', count: column.values.length, missing, distinct, ...rest }
}

function datetimeProfile(column: ColumnOf<'datetime'>, summary: NumericSummary): ColumnProfile {
  const { missing, distinct, min, max, quantiles, histogram } = summary
  return {
    name: column.name,
    type: 'datetime',
    count: column.values.length,
    missing,
    distinct,
    min,
    max,
    quantiles,
    histogram,
  }
}

/**
 * Profiles every column of `dataset`: counts, missing, exact distinct, moments, exact quantiles,
 * a histogram on fixed reference edges, top categories (see `DatasetProfile`). Each column is read in
 * one pass; numeric and datetime columns are then sorted once (a copy; the dataset is not touched).
 * Memory: two float64 buffers of the row count, reused across columns. Single-threaded; see
 * `profileDatasetAsync` for large data.
 *
 * Throws `INVALID_PARAMETER_VALUE` for `bins`, `topCategories` or `workers` out of range.
 */
export function profileDataset(dataset: Dataset, options: ProfileOptions = {}): DatasetProfile {
  const context = contextOf(options)
  const fingerprint = fingerprintOf(dataset, options.fingerprint)
  const total = dataset.columns.length
  const columns = dataset.columns.map((column, index) => {
    const profile = profileColumn(column, context)
    options.onColumn?.(profile, index, total)
    return profile
  })
  return { version: 1, rowCount: dataset.rowCount, fingerprint, columns }
}

/**
 * `profileDataset` with numeric and datetime columns spread over a pool of worker threads (see
 * `ProfileOptions.workers`): the same profile, bit for bit, about twice as fast on two cores for a
 * million rows. `onColumn` is still called in column order. The pool is started on first use and
 * reused; idle workers do not keep the process alive. Each worker holds a shared copy buffer of the
 * row count.
 *
 * Rejects with `INVALID_PARAMETER_VALUE` for bad options (as `profileDataset` throws), and with
 * `INTERNAL_ERROR` (the worker's error as `cause`) if a worker fails.
 */
export async function profileDatasetAsync(
  dataset: Dataset,
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  const context = contextOf(options)
  const workers = workerCountFor(dataset, options.workers)
  if (workers === 0) return profileDataset(dataset, options)
  const all = dataset.columns
  const total = all.length
  const results = new Array<ColumnProfile | undefined>(total)
  let reported = 0
  const finish = (index: number, profile: ColumnProfile) => {
    results[index] = profile
    for (; reported < total && results[reported] !== undefined; reported++)
      options.onColumn?.(results[reported]!, reported, total)
  }
  // Workers take sortable columns from the front, the main thread from the back, after the others.
  const sortable: number[] = []
  const others: number[] = []
  for (const [i, c] of all.entries())
    (c.type === 'numeric' || c.type === 'datetime' ? sortable : others).push(i)
  let head = 0
  let tail = sortable.length - 1
  const queueing = 2 * workers
  // A worker's second loop leaves the last columns alone: one queued behind a slow worker would make
  // the main thread wait for it at the end instead of profiling it.
  const runWorker = async (worker: SummaryWorker, loop: number) => {
    while (head <= tail && (loop === 0 || tail - head >= queueing)) {
      const index = sortable[head++]!
      const column = all[index] as ColumnOf<'numeric' | 'datetime'>
      const summary = await worker.summarise(column.values, context.bins).catch((cause: unknown) => {
        throw workerFailure(column.name, cause)
      })
      finish(
        index,
        column.type === 'numeric' ? numericProfile(column, summary) : datetimeProfile(column, summary),
      )
    }
  }
  // WORKER_DEPTH loops per worker keep a column queued on it at all times.
  const loops = summaryWorkers(workers).flatMap((worker) =>
    Array.from({ length: WORKER_DEPTH }, (_, loop) => runWorker(worker, loop)),
  )
  const running = Promise.all(loops)
  running.catch(() => {}) // awaited below; this only stops an early failure counting as unhandled
  for (const index of others) {
    finish(index, profileColumn(all[index]!, context))
    await nextTurn()
  }
  while (head <= tail) {
    const index = sortable[tail--]!
    finish(index, profileColumn(all[index]!, context))
    // Lets finished workers' answers in, so each gets its next column while this thread works.
    await nextTurn()
  }
  // Hashing last keeps the workers busy meanwhile, instead of waiting for their first columns.
  const fingerprint = fingerprintOf(dataset, options.fingerprint)
  await running
  return { version: 1, rowCount: dataset.rowCount, fingerprint, columns: results as ColumnProfile[] }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

function contextOf(options: ProfileOptions): ProfileContext {
  const bins = options.bins ?? 20
  const top = options.topCategories ?? 20
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000) {
    throw invalidValue('bins', `must be an integer from 1 to 1000, not ${bins}`)
  }
  if (!Number.isInteger(top) || top < 0 || top > 10_000) {
    throw invalidValue('topCategories', `must be an integer from 0 to 10000, not ${top}`)
  }
  const workers = options.workers
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS)) {
    throw invalidValue('workers', `must be an integer from 0 to ${MAX_WORKERS}, not ${workers}`)
  }
  const given = options.fingerprint
  if (given !== undefined && given !== false && (typeof given !== 'string' || given === '')) {
    throw invalidValue('fingerprint', 'must be a non-empty string, or false to leave it out')
  }
  return { scratch: new SortScratch(), bins, top }
}

function workerCountFor(dataset: Dataset, given: number | undefined): number {
  if (given !== undefined) return given
  let cells = 0
  for (const c of dataset.columns) if (c.type === 'numeric' || c.type === 'datetime') cells += c.values.length
  return cells >= PARALLEL_MIN_CELLS ? defaultWorkerCount() : 0
}

function profileColumn(column: Column, context: ProfileContext): ColumnProfile {
  // TypeScript cannot correlate `column.type` with the table entry; the table's type guarantees it.
  const profiler = PROFILERS[column.type] as (column: Column, context: ProfileContext) => ColumnProfile
  return profiler(column, context)
}

function fingerprintOf(dataset: Dataset, given: string | false | undefined): string | null {
  if (given === false) return null
  return given === undefined ? fingerprintDataset(dataset) : given
}
