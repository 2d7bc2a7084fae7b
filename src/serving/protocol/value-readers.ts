import { type ColumnType, parseIsoInstant } from '../../data/index.js'
import { badValue, jsonType, shown } from './row-batch.js'

/** Where a value sits, for messages: the flat (row-major) index `i` of a feed names its column and row. */
export interface CellPlace {
  /** The request column holding value `i`. */
  columnOf(i: number): string
  /** The request row holding value `i`. */
  rowOf(i: number): number
}

/** Reads one request value for a feed, or throws `INVALID_PARAMETER_VALUE` naming its column and row. */
export type ValueReader<T> = (value: unknown, place: CellPlace, i: number) => T

/**
 * How a numeric input (float, double) reads a value, by the column's type. JSON types must match:
 * a number given as a string is refused, as MLflow's schema enforcement refuses it. Missing (null,
 * or a key absent from a row) is NaN, which the model's pipeline imputes.
 */
export const NUMBER_READERS: { readonly [T in ColumnType]: ValueReader<number> } = {
  numeric: readNumber,
  categorical: readNumber,
  text: readNumber,
  boolean: (value, place, i) => {
    if (value === null || value === undefined) return Number.NaN
    if (typeof value === 'boolean') return value ? 1 : 0
    throw wrongValue('true or false', value, place, i)
  },
  datetime: (value, place, i) => {
    if (value === null || value === undefined) return Number.NaN
    if (typeof value === 'number') return value
    const ms = typeof value === 'string' ? parseIsoInstant(value) : Number.NaN
    if (Number.isNaN(ms)) {
      throw wrongValue(
        'epoch milliseconds or an ISO-8601 date (2024-06-01) or date-time with a zone (2024-06-01T12:00:00Z)',
        value,
        place,
        i,
      )
    }
    return ms
  },
}

/** Strings for category and text inputs: numbers are converted with `String()`; missing is `''`. */
export const readString: ValueReader<string> = (value, place, i) => {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  throw wrongValue('a string', value, place, i)
}

/** An int64 input takes integers only: it has no missing value to stand for null. */
export function int64Reader(read: ValueReader<number>): ValueReader<bigint> {
  return (value, place, i) => {
    if (value === null || value === undefined) {
      throw badValue(
        `column '${place.columnOf(i)}', row ${place.rowOf(i)}: a value is required (the model's input is int64, which has no missing value)`,
        { field: place.columnOf(i), row: place.rowOf(i) },
      )
    }
    const n = read(value, place, i)
    if (!Number.isSafeInteger(n)) throw wrongValue('an integer', value, place, i)
    return BigInt(n)
  }
}

function readNumber(value: unknown, place: CellPlace, i: number): number {
  if (typeof value === 'number') return value
  if (value === null || value === undefined) return Number.NaN
  throw wrongValue('a number', value, place, i)
}

function wrongValue(expected: string, value: unknown, place: CellPlace, i: number) {
  const column = place.columnOf(i)
  const row = place.rowOf(i)
  return badValue(
    `column '${column}', row ${row}: expects ${expected}; got ${jsonType(value)} (${shown(value)})`,
    {
      field: column,
      row,
    },
  )
}
