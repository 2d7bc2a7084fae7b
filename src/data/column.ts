/**
 * Columnar data, the in-memory form of every dataset: typed arrays, no row objects. Missing values
 * have one representation per type, so every consumer handles them the same way.
 */

/** The logical types Shipyard infers for a column (overridable). */
export const COLUMN_TYPES = ['numeric', 'categorical', 'boolean', 'datetime', 'text'] as const
export type ColumnType = (typeof COLUMN_TYPES)[number]

/** Numeric storage: float64 by default, float32 when a loader is asked to save memory. */
export type NumericArray = Float64Array | Float32Array

/** Numbers. Missing is NaN; ±Infinity are values (validation and profiles report them). */
export interface NumericColumn {
  readonly name: string
  readonly type: 'numeric'
  readonly values: NumericArray
}

/** Strings from a small set, dictionary-encoded. Missing is code -1. */
export interface CategoricalColumn {
  readonly name: string
  readonly type: 'categorical'
  readonly codes: Int32Array
  /** Distinct values in order of first appearance; `codes` index into it. */
  readonly dictionary: readonly string[]
}

/** Booleans: 1 true, 0 false, -1 missing. */
export interface BooleanColumn {
  readonly name: string
  readonly type: 'boolean'
  readonly values: Int8Array
}

/** Points in time as epoch milliseconds (UTC). Missing is NaN. */
export interface DatetimeColumn {
  readonly name: string
  readonly type: 'datetime'
  readonly values: Float64Array
}

/** Free text (too many distinct values to be a category). Missing is null. */
export interface TextColumn {
  readonly name: string
  readonly type: 'text'
  readonly values: readonly (string | null)[]
}

export type Column = NumericColumn | CategoricalColumn | BooleanColumn | DatetimeColumn | TextColumn

/** A column of a given type. */
export type ColumnOf<T extends ColumnType> = Extract<Column, { type: T }>

/** The number of values in a column. */
export function columnLength(column: Column): number {
  return column.type === 'categorical' ? column.codes.length : column.values.length
}

/** True when row `i` of `column` is missing. */
export function isMissingAt(column: Column, i: number): boolean {
  switch (column.type) {
    case 'numeric':
    case 'datetime':
      return Number.isNaN(column.values[i])
    case 'categorical':
      return column.codes[i] === -1
    case 'boolean':
      return column.values[i] === -1
    case 'text':
      return column.values[i] === null
  }
}

/** Row `i` as a plain JS value (null when missing), for messages, examples and reports; not for hot loops. */
export function valueAt(column: Column, i: number): number | string | boolean | null {
  if (isMissingAt(column, i)) return null
  switch (column.type) {
    case 'numeric':
    case 'datetime':
      return column.values[i]!
    case 'categorical':
      return column.dictionary[column.codes[i]!]!
    case 'boolean':
      return column.values[i] === 1
    case 'text':
      return column.values[i]!
  }
}
