import { invalidValue } from '../../shared/index.js'
import type { ColumnType } from '../column.js'

/**
 * What a reader knows about a column's values before Shipyard types it: the storage family of the
 * source (a DuckDB type, a PostgreSQL type). Anything richer (lists, structs, JSON) is read as
 * `string`, so inference never sees more than these four.
 */
export type ValueKind = 'number' | 'boolean' | 'temporal' | 'string'

/** Counts a reader gathered while reading a column, the only facts inference uses. */
export interface ColumnStats {
  /** Values that are not missing. */
  readonly nonNull: number
  /** Distinct non-missing values (for `string` columns; ignored otherwise). */
  readonly distinct: number
}

/** Knobs of inference. */
export interface InferenceOptions {
  /** Most distinct strings a categorical column may have; default {@link DEFAULT_CATEGORICAL_MAX_DISTINCT}. */
  readonly categoricalMaxDistinct?: number
}

/**
 * Default ceiling on distinct values for a categorical column. One-hot and target encoding stay
 * cheap below it; above it the values behave like free text (names, ids, comments).
 */
export const DEFAULT_CATEGORICAL_MAX_DISTINCT = 1000

/**
 * Below this many distinct values a string column is categorical whatever the row count, so the
 * labels of a small file (three rows of `red`, `green`, `blue`) stay categories.
 */
export const SMALL_CATEGORY_COUNT = 10

/**
 * The type Shipyard gives a column it was not told the type of.
 *
 * - `number` -> numeric, `boolean` -> boolean, `temporal` -> datetime.
 * - `string` -> categorical when the values repeat: at most `categoricalMaxDistinct` distinct values
 *   (default 1000) and either at most {@link SMALL_CATEGORY_COUNT} of them or at most half the
 *   non-missing values (an id column, every value different, is text); otherwise text.
 * - A `string` column that is entirely missing is numeric: it says nothing about its type, and
 *   numeric is what a model can consume (all NaN). Other kinds keep their declared type when empty.
 */
export function inferColumnType(
  kind: ValueKind,
  stats: ColumnStats,
  options: InferenceOptions = {},
): ColumnType {
  switch (kind) {
    case 'number':
      return 'numeric'
    case 'boolean':
      return 'boolean'
    case 'temporal':
      return 'datetime'
    case 'string':
      return stats.nonNull === 0 ? 'numeric' : stringColumnType(stats, categoricalMaxDistinct(options))
  }
}

/** `options.categoricalMaxDistinct`, or the default; `INVALID_PARAMETER_VALUE` unless a non-negative integer. */
export function categoricalMaxDistinct(options: InferenceOptions): number {
  const max = options.categoricalMaxDistinct ?? DEFAULT_CATEGORICAL_MAX_DISTINCT
  if (!Number.isSafeInteger(max) || max < 0) {
    throw invalidValue('categoricalMaxDistinct', `must be a non-negative integer, not ${String(max)}`)
  }
  return max
}

function stringColumnType(stats: ColumnStats, maxDistinct: number): 'categorical' | 'text' {
  if (stats.distinct > maxDistinct) return 'text'
  return stats.distinct <= SMALL_CATEGORY_COUNT || stats.distinct * 2 <= stats.nonNull
    ? 'categorical'
    : 'text'
}
