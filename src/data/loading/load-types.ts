import type { ColumnType } from '../column.js'
import type { Dataset, DatasetSchema } from '../dataset.js'

/** The file formats Shipyard reads. */
export type FileFormat = 'csv' | 'parquet' | 'jsonl'

/**
 * Where a dataset comes from.
 * - `{ path }`: one file (or a DuckDB glob such as `data/*.parquet`). The format comes from the
 *   extension when absent: `.csv` `.tsv` (optionally `.gz`/`.zst`) -> csv, `.parquet` `.pq` ->
 *   parquet, `.jsonl` `.ndjson` `.json` -> jsonl (`.json` may also hold one array of records).
 * - `{ sql }`: a DuckDB query over files, e.g.
 *   `SELECT *, amount / nullif(income, 0) AS ratio FROM 'tx.parquet'`. Paths resolve from the
 *   process's working directory.
 * - `{ postgres }`: a query run on PostgreSQL through `pg`, read in batches through a cursor.
 */
export type DataSource =
  | { readonly path: string; readonly format?: FileFormat }
  | { readonly sql: string }
  | { readonly postgres: { readonly url: string; readonly query: string } }

/** How to parse a CSV file; every field is optional. */
export interface CsvOptions {
  /** Field separator; default: tab for `.tsv`, otherwise sniffed by DuckDB from a sample. */
  readonly delimiter?: string
  /** Whether the first line names the columns; default true. Without one, columns are `column0`, `column1`... */
  readonly header?: boolean
  /** Quote character; default `"` (a doubled quote inside a quoted field is a literal quote). `''` turns quoting off. */
  readonly quote?: string
  /** Field texts read as missing; default {@link DEFAULT_NULL_TOKENS}. */
  readonly nullTokens?: readonly string[]
}

/**
 * The texts a CSV field is read as missing by default: empty, and the spellings of "missing" that
 * spreadsheets and R/pandas exports write. `NaN` is not among them: in a numeric column it parses
 * to NaN, which is Shipyard's missing value anyway, and in a text column it stays a string.
 */
export const DEFAULT_NULL_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'NULL', 'null']

/** A SQL expression over the source's columns, evaluated by DuckDB while loading and added as a column. */
export interface DerivedColumn {
  readonly name: string
  /** e.g. `amount / nullif(income, 0)` or `date_part('hour', ts)`. */
  readonly sql: string
}

/** What to do with a row that cannot be read as typed: fail the load (default), or drop and report it. */
export type BadRowPolicy = 'fail' | 'drop'

/** Options of {@link readDataset}; every field is optional. */
export interface ReadOptions {
  readonly csv?: CsvOptions
  /** Column types that win over inference, by column name (source or derived). */
  readonly types?: Readonly<Record<string, ColumnType>>
  /** Numeric columns as Float32Array (half the memory); default Float64Array. Datetimes stay float64. */
  readonly float32?: boolean
  /** Columns computed by DuckDB at load time, appended after the source's columns in this order. */
  readonly derived?: readonly DerivedColumn[]
  /** Default 'fail'. */
  readonly badRows?: BadRowPolicy
  /** Inference threshold between categorical and text; default 1000 (see `inferColumnType`). */
  readonly categoricalMaxDistinct?: number
}

/**
 * A row that was dropped (badRows: 'drop'), located by its `line` in the file (CSV, as DuckDB
 * counts lines: a quoted value spanning lines counts once) or by its 1-based `row` in the source's
 * row order (other sources, and values that fail a type override).
 */
export interface DroppedRow {
  readonly line?: number
  readonly row?: number
  readonly column?: string
  /** The value that could not be read, when one value is to blame. */
  readonly value?: string
  /** What was wrong, e.g. `expected 5 columns, found 7`. */
  readonly reason: string
}

/** What a load did, beyond the data: nothing is dropped or retyped without a line here. */
export interface LoadReport {
  /** The source as messages name it: the path given, `query`, or `postgres query`. */
  readonly source: string
  /** Data rows the source held, including dropped ones. */
  readonly rowsRead: number
  /** Rows left out (only with badRows: 'drop'); `rowsRead - rowsDropped` is the dataset's row count. */
  readonly rowsDropped: number
  /** Up to five dropped rows, first ones first. */
  readonly droppedExamples: readonly DroppedRow[]
  /** Decisions worth knowing, e.g. `column 'x' is entirely null; typed numeric`. */
  readonly notes: readonly string[]
}

/** A loaded dataset, its schema (inferred, with overrides applied), and what the load did. */
export interface LoadResult {
  readonly dataset: Dataset
  readonly schema: DatasetSchema
  readonly report: LoadReport
}
