import type { TypeOverrides } from '../schema/index.js'
import type { DuckSession } from './duckdb-session.js'
import type { DroppedRow, ReadOptions } from './load-types.js'

/** Rows a reader rejected itself while scanning (CSV lines it could not parse). */
export interface ReaderRejects {
  /** How many rows (lines) were rejected. */
  readonly count: number
  /** The first rejected rows, at most five, in file order. */
  readonly examples: readonly DroppedRow[]
}

/**
 * A source opened inside one load's DuckDB session: the relation that reads it, and what its reader
 * does itself. One implementation per kind of source (`csv-source.ts`, `parquet-source.ts`...),
 * made by {@link openSource}; the loader (`read-dataset.ts`) does the rest the same way for all.
 *
 * Contract: `relation` is pure (same input, same SQL) and may be called more than once; the SQL
 * reads the rows in source order. Errors are ShipyardErrors naming the source.
 */
export interface OpenedSource {
  /** The source as messages name it: the path as given, `query`, or `postgres query`. */
  readonly label: string
  /**
   * SQL of a relation (what may follow FROM) that reads the source. `overrides` are the type
   * overrides of source columns, already validated: a reader that can apply some while parsing
   * (CSV, so a value that does not parse is a bad line with its number) lists those in `applied`;
   * the loader converts the others.
   */
  relation(overrides: TypeOverrides): { readonly sql: string; readonly applied: ReadonlySet<string> }
  /**
   * Rows the reader skipped as unreadable, called once the relation has been read in full.
   * Absent when the reader never skips (it fails instead).
   */
  rejects?(): Promise<ReaderRejects>
  /** The row count, or a close estimate, when cheap to know: sizes the typed arrays up front. */
  readonly rowCountHint?: number
}

/** What a source gets to open itself. */
export interface SourceContext {
  readonly session: DuckSession
  readonly options: ReadOptions
}

/** No overrides applied at read time. */
export const NONE_APPLIED: ReadonlySet<string> = new Set()
