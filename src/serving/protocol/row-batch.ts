import { ShipyardError } from '../../shared/index.js'

/**
 * One request's rows in columns, as every decoder returns them and `buildFeeds` reads them. Values
 * are still JSON values (number, string, boolean, null): decoders check the request's structure,
 * `buildFeeds` checks each value against the model's signature.
 */
export interface RowBatch {
  readonly rowCount: number
  /** Column, or matrix input sent whole, → its values. Insertion order is the request's. */
  readonly columns: ReadonlyMap<string, BatchColumn>
}

/** The values of one column, or of one matrix input sent whole (`width` values per row). */
export interface BatchColumn {
  /** `rowCount × width` values, row-major. */
  readonly values: readonly unknown[]
  /** Values per row: 1 for a column, k for a [N, k] matrix input. */
  readonly width: number
}

/** Facts about a bad request for `ShipyardError.details`: the field (a path into the body), row, line... */
export type RequestProblem = { readonly field: string } & Readonly<Record<string, unknown>>

/** A request whose structure is wrong (`BAD_REQUEST`): the message names the field and row. */
export function badRequest(message: string, details: RequestProblem): ShipyardError {
  return new ShipyardError('BAD_REQUEST', message, { details })
}

/** A request with a value the model cannot take (`INVALID_PARAMETER_VALUE`). */
export function badValue(message: string, details: RequestProblem): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', message, { details })
}

/** True for a JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** JSON's name for a value's type, for messages. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** A value as it appears in a message: short, quoted when a string. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
