import { invalidValue } from '../../shared/index.js'
import type { Column } from '../column.js'
import { Dataset } from '../dataset.js'
import { categoricalMaxDistinct } from '../schema/index.js'
import { type ColumnBuilder, columnBuilders } from './build-columns.js'
import { screenChunk } from './chunk-screen.js'
import { translateDuckDbError } from './duckdb-errors.js'
import { type ChunkStream, DuckSession, type ResultChunk } from './duckdb-session.js'
import { checkReadOptions, planLoad, rejectedLinesError } from './load-plan.js'
import type { DataSource, DroppedRow, LoadReport, ReadOptions } from './load-types.js'
import { openSource } from './open-source.js'
import { describeColumns, finalQuery, type PlannedColumn } from './relation-plan.js'

/** Rows per chunk when not given: 32 of DuckDB's 2048-row vectors, a few MB per numeric column. */
export const DEFAULT_CHUNK_ROWS = 65_536

/** Options of {@link readDatasetChunks}: those of `readDataset`, plus the chunk size. */
export interface ChunkReadOptions extends ReadOptions {
  /** Rows per chunk; every chunk but the last has exactly this many. Default {@link DEFAULT_CHUNK_ROWS}. */
  readonly chunkRows?: number
  /** Called once, after the last chunk, with what the whole read did (rows read and dropped). */
  readonly onReport?: (report: LoadReport) => void
}

/** What a source holds, known before reading its rows. */
export interface SourceOutline {
  /** The source as messages name it: the path as given, `query` or `postgres query`. */
  readonly label: string
  /** Column names as a read returns them: the source's, then the derived ones. */
  readonly columns: readonly string[]
  /** The row count or a close estimate when cheap to know (Parquet metadata, a text file's size). */
  readonly rowCountHint?: number
}

const EXAMPLES = 5

/**
 * A source's column names and size, without reading its rows (a CSV's sample is sniffed), so a
 * caller can check what it needs before a long read. Type overrides are not applied or checked.
 */
export async function describeSource(source: DataSource, options: ReadOptions = {}): Promise<SourceOutline> {
  checkReadOptions(options)
  const session = await DuckSession.open()
  try {
    const opened = await openSource(source, { session, options })
    const columns = await describeColumns(session, opened.relation({}).sql, opened.label)
    return {
      label: opened.label,
      columns: [...columns.map((c) => c.name), ...(options.derived ?? []).map((d) => d.name)],
      ...(opened.rowCountHint === undefined ? {} : { rowCountHint: opened.rowCountHint }),
    }
  } finally {
    session.close()
  }
}

/**
 * Reads a source as a sequence of datasets of `chunkRows` rows each (the last may hold fewer; a
 * source with no rows gives one empty chunk, so the columns are always known), streamed from one
 * DuckDB scan: memory holds one chunk, whatever the source's size. Stopping early (`break`)
 * releases the scan.
 *
 * Every chunk has the same columns and types. Types are those `readDataset` infers, with one
 * difference: text columns (categorical or text) are typed by the first chunk, and a text column
 * with no value in the first chunk is text (later chunks may hold values). A categorical column's
 * dictionary is its chunk's own. Pass `types` for any column whose type must not depend on the data.
 *
 * Bad input fails as in `readDataset`, naming the file and the line or the (1-based, whole-source)
 * row, when the iteration reaches it: a value that does not convert to an overridden type fails in
 * the chunk that holds it; a CSV line the reader cannot parse fails after the last chunk (DuckDB
 * reports skipped lines once the scan ends), so commit what was done with the chunks only when the
 * iteration completes. With `badRows: 'drop'` such rows are left out and `onReport` counts them.
 *
 * @example
 * for await (const chunk of readDatasetChunks({ path: 'big.parquet' }, { chunkRows: 100_000 })) {
 *   total += chunk.rowCount
 * }
 */
export async function* readDatasetChunks(
  source: DataSource,
  options: ChunkReadOptions = {},
): AsyncGenerator<Dataset, void, undefined> {
  const chunkRows = checkChunkRows(options.chunkRows)
  checkReadOptions(options)
  const policy = options.badRows ?? 'fail'
  const float32 = options.float32 ?? false
  const session = await DuckSession.open()
  let stream: ChunkStream | undefined
  try {
    const opened = await openSource(source, { session, options })
    const { label } = opened
    const layer = await planLoad(session, opened, options)
    const filler = new ChunkFiller(layer.columns, {
      float32,
      maxDistinct: categoricalMaxDistinct(options),
      chunkRows,
      capacity: Math.min(chunkRows, opened.rowCountHint ?? chunkRows),
    })
    const dropped: DroppedRow[] = []
    let droppedCount = 0
    let rowsSeen = 0
    let yielded = 0
    try {
      stream = await session.stream(finalQuery(layer, float32))
      for (let chunk = await stream.next(); chunk !== null; chunk = await stream.next()) {
        const screened = screenChunk(chunk, layer.columns.length, layer.checks, rowsSeen, policy, label)
        rowsSeen += chunk.rowCount
        droppedCount += screened.dropped.length
        dropped.push(...screened.dropped.slice(0, EXAMPLES - dropped.length))
        const kept = screened.keep?.length ?? chunk.rowCount
        for (let taken = 0; taken < kept; ) {
          const count = Math.min(filler.room, kept - taken)
          filler.append(chunk, rowsOf(screened.keep, kept, taken, count))
          taken += count
          if (filler.room === 0) {
            yield filler.finish()
            yielded++
          }
        }
      }
    } catch (error) {
      throw translateDuckDbError(error, label)
    }
    const rejects = opened.rejects ? await opened.rejects() : { count: 0, examples: [] }
    if (rejects.count > 0 && policy === 'fail') throw rejectedLinesError(rejects, label)
    if (filler.filled > 0 || yielded === 0) yield filler.finish()
    options.onReport?.({
      source: label,
      rowsRead: rowsSeen + rejects.count,
      rowsDropped: droppedCount + rejects.count,
      droppedExamples: [...rejects.examples, ...dropped].slice(0, EXAMPLES),
      notes: filler.notes,
    })
  } finally {
    await stream?.settle()
    session.close()
  }
}

/**
 * The rows of a streamed chunk to copy next: `count` of its `kept` rows from the `taken`-th on.
 * Null (all rows, the sinks' fast path) when that is the whole chunk unscreened.
 */
function rowsOf(keep: Int32Array | null, kept: number, taken: number, count: number): Int32Array | null {
  if (taken === 0 && count === kept) return keep
  if (keep !== null) return keep.subarray(taken, taken + count)
  return Int32Array.from({ length: count }, (_, i) => taken + i)
}

function checkChunkRows(chunkRows: number | undefined): number {
  if (chunkRows === undefined) return DEFAULT_CHUNK_ROWS
  if (!Number.isSafeInteger(chunkRows) || chunkRows < 1) {
    throw invalidValue('chunkRows', `must be a positive integer, not ${String(chunkRows)}`)
  }
  return chunkRows
}

interface FillerOptions {
  readonly float32: boolean
  readonly maxDistinct: number
  readonly chunkRows: number
  /** Rows each chunk's arrays are allocated for (they grow when a guess was short). */
  readonly capacity: number
}

/**
 * Gathers streamed rows into one chunk's columns at a time. The first chunk's inferred types of text
 * columns are then fixed for the rest (as if given in `types`), so every chunk has the same schema.
 */
class ChunkFiller {
  readonly #options: FillerOptions
  readonly #notes: string[] = []
  #columns: readonly PlannedColumn[]
  #builders: ColumnBuilder[]
  #locked = false
  #filled = 0

  constructor(columns: readonly PlannedColumn[], options: FillerOptions) {
    this.#options = options
    this.#columns = columns
    this.#builders = columnBuilders(columns, options)
  }

  /** Rows the current chunk still takes. */
  get room(): number {
    return this.#options.chunkRows - this.#filled
  }

  /** Rows in the current chunk. */
  get filled(): number {
    return this.#filled
  }

  /** What typing the first chunk decided, for the read's report. */
  get notes(): readonly string[] {
    return this.#notes
  }

  /** Copies `rows` of `chunk` (null: all of them) into the current chunk. */
  append(chunk: ResultChunk, rows: Int32Array | null): void {
    for (let j = 0; j < this.#builders.length; j++) {
      this.#builders[j]!.sink.append(chunk.vector(j), chunk.rowCount, rows)
    }
    this.#filled += rows?.length ?? chunk.rowCount
  }

  /** The current chunk as a dataset; the next one starts empty. */
  finish(): Dataset {
    let columns = this.#builders.map((b) => b.finish(this.#filled).column)
    if (!this.#locked) columns = this.#lockTypes(columns)
    this.#builders = columnBuilders(this.#columns, this.#options)
    this.#filled = 0
    return Dataset.fromColumns(columns)
  }

  /**
   * Fixes each inferred text column's type as the first chunk has it. `readDataset` types a column
   * of nothing but missing values as numeric; here later chunks may hold its text, so it is text.
   */
  #lockTypes(columns: Column[]): Column[] {
    this.#locked = true
    const locked = columns.map((column, j): Column => {
      const planned = this.#columns[j]!
      if (planned.forced !== undefined || !isTextStorage(planned)) return column
      if (column.type !== 'numeric') return column
      this.#notes.push(`column '${column.name}' has no value in the first chunk; read as text`)
      return {
        name: column.name,
        type: 'text',
        values: new Array<string | null>(column.values.length).fill(null),
      }
    })
    this.#columns = this.#columns.map((planned, j) =>
      planned.forced !== undefined || !isTextStorage(planned)
        ? planned
        : { ...planned, forced: locked[j]!.type },
    )
    return locked
  }
}

function isTextStorage(planned: PlannedColumn): boolean {
  return planned.kind !== 'number' && planned.kind !== 'boolean' && planned.kind !== 'temporal'
}
