import { DuckDBTypeId } from '@duckdb/node-api'
import { invalidValue } from '../../shared/index.js'
import type { ColumnType } from '../column.js'
import type { ValueKind } from '../schema/index.js'
import type { DescribedColumn } from './duckdb-session.js'

/**
 * How DuckDB stores a column, as far as the loader cares: four families that map onto Shipyard's
 * types, `json` (VARCHAR holding JSON, read through `->> '$'` so a JSON string loses its quotes),
 * `nested` (lists, structs, maps: read as JSON text) and `other` (blobs, times of day,
 * intervals...), read as DuckDB's text form.
 */
export type StorageKind = ValueKind | 'json' | 'nested' | 'other'

const KIND_BY_TYPE: Partial<Record<DuckDBTypeId, StorageKind>> = {
  [DuckDBTypeId.BOOLEAN]: 'boolean',
  [DuckDBTypeId.TINYINT]: 'number',
  [DuckDBTypeId.SMALLINT]: 'number',
  [DuckDBTypeId.INTEGER]: 'number',
  [DuckDBTypeId.BIGINT]: 'number',
  [DuckDBTypeId.HUGEINT]: 'number',
  [DuckDBTypeId.UTINYINT]: 'number',
  [DuckDBTypeId.USMALLINT]: 'number',
  [DuckDBTypeId.UINTEGER]: 'number',
  [DuckDBTypeId.UBIGINT]: 'number',
  [DuckDBTypeId.UHUGEINT]: 'number',
  [DuckDBTypeId.FLOAT]: 'number',
  [DuckDBTypeId.DOUBLE]: 'number',
  [DuckDBTypeId.DECIMAL]: 'number',
  [DuckDBTypeId.BIGNUM]: 'number',
  [DuckDBTypeId.DATE]: 'temporal',
  [DuckDBTypeId.TIMESTAMP]: 'temporal',
  [DuckDBTypeId.TIMESTAMP_S]: 'temporal',
  [DuckDBTypeId.TIMESTAMP_MS]: 'temporal',
  [DuckDBTypeId.TIMESTAMP_NS]: 'temporal',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'temporal',
  [DuckDBTypeId.VARCHAR]: 'string',
  [DuckDBTypeId.ENUM]: 'string',
  [DuckDBTypeId.UUID]: 'string',
  // A column of nothing but NULL literals (`SELECT NULL AS x`).
  [DuckDBTypeId.SQLNULL]: 'string',
  [DuckDBTypeId.LIST]: 'nested',
  [DuckDBTypeId.ARRAY]: 'nested',
  [DuckDBTypeId.STRUCT]: 'nested',
  [DuckDBTypeId.MAP]: 'nested',
  [DuckDBTypeId.UNION]: 'nested',
}

/** The storage kind of a described column. */
export function storageKind(column: DescribedColumn): StorageKind {
  if (column.typeId === DuckDBTypeId.VARCHAR && column.alias === 'JSON') return 'json'
  return KIND_BY_TYPE[column.typeId] ?? 'other'
}

/** SQL for a column's text: JSON unquoted, nested values as JSON, the rest as DuckDB prints them. */
function textOf(ref: string, kind: StorageKind): string {
  if (kind === 'string') return ref
  if (kind === 'json') return `(${ref} ->> '$')`
  if (kind === 'nested') return `CAST(to_json(${ref}) AS VARCHAR)`
  return `CAST(${ref} AS VARCHAR)`
}

/** The DuckDB type a column is converted to so it reads as a Shipyard type. */
export const DUCK_TYPE_FOR: Readonly<Record<ColumnType, string>> = {
  numeric: 'DOUBLE',
  boolean: 'BOOLEAN',
  datetime: 'TIMESTAMPTZ',
  categorical: 'VARCHAR',
  text: 'VARCHAR',
}

/** The storage kind a column has once converted to `DUCK_TYPE_FOR[type]`. */
export function kindAfterCast(type: ColumnType): StorageKind {
  return type === 'numeric'
    ? 'number'
    : type === 'boolean'
      ? 'boolean'
      : type === 'datetime'
        ? 'temporal'
        : 'string'
}

/** A conversion of one column: its SQL, and when it can fail, the SQL condition of a failure. */
export interface Conversion {
  readonly sql: string
  /** True for a row whose present value did not convert (the conversion gave NULL). */
  readonly failed?: string
}

/**
 * SQL converting column `ref` (already quoted) from `from` storage to the DuckDB type of `to`.
 * Conversions that can fail use TRY semantics: a value that does not convert becomes NULL and
 * `failed` picks the row out, so the loader can report it (the original value is still there to
 * quote). Numbers become datetimes as epoch milliseconds and datetimes numbers the same way;
 * booleans become 1/0 and numbers booleans as `!= 0`; NaN stays missing. Throws
 * `INVALID_PARAMETER_VALUE` (field `types.<column>`) for conversions that make no sense.
 */
export function conversion(ref: string, column: string, from: StorageKind, to: ColumnType): Conversion {
  const text = textOf(ref, from)
  const number = `nullif(CAST(${ref} AS DOUBLE), 'NaN'::DOUBLE)`
  const tryCast = (input: string, type: string): Conversion => {
    const sql = `TRY_CAST(${input} AS ${type})`
    return { sql, failed: `(${input} IS NOT NULL AND ${sql} IS NULL)` }
  }
  switch (to) {
    case 'categorical':
    case 'text':
      return { sql: text }
    case 'numeric':
      if (from === 'number' || from === 'boolean') return { sql: `CAST(${ref} AS DOUBLE)` }
      if (from === 'temporal') return { sql: `CAST(epoch_ms(${ref}) AS DOUBLE)` }
      return tryCast(text, 'DOUBLE')
    case 'boolean':
      if (from === 'boolean') return { sql: ref }
      if (from === 'number') return { sql: `(${number} <> 0)` }
      if (from !== 'temporal') return tryCast(text, 'BOOLEAN')
      break
    case 'datetime': {
      if (from === 'temporal') return { sql: `CAST(${ref} AS TIMESTAMPTZ)` }
      if (from === 'number') {
        const sql = `TRY(to_timestamp(${number} / 1000.0))`
        return { sql, failed: `(${number} IS NOT NULL AND ${sql} IS NULL)` }
      }
      if (from !== 'boolean') return tryCast(text, 'TIMESTAMPTZ')
      break
    }
  }
  const holds = from === 'temporal' ? 'timestamps' : from === 'boolean' ? 'booleans' : 'values'
  throw invalidValue(`types.${column}`, `column '${column}' holds ${holds} and cannot be read as ${to}`)
}

/**
 * SQL that reads a column of storage `kind` in the form the typed-array copy expects, with NULL
 * already resolved in DuckDB so JS never checks validity per value: numbers as DOUBLE (FLOAT when
 * `float32`) with NaN for NULL; booleans as TINYINT 1/0/-1; datetimes as DOUBLE epoch ms with NaN;
 * everything else as VARCHAR (NULL kept: strings are read one by one anyway).
 */
export function outputExpression(ref: string, kind: StorageKind, float32: boolean): string {
  switch (kind) {
    case 'number':
      return float32
        ? `coalesce(CAST(${ref} AS FLOAT), 'NaN'::FLOAT)`
        : `coalesce(CAST(${ref} AS DOUBLE), 'NaN'::DOUBLE)`
    case 'boolean':
      return `CAST(coalesce(CAST(${ref} AS TINYINT), -1) AS TINYINT)`
    case 'temporal':
      return `coalesce(CAST(epoch_ms(${ref}) AS DOUBLE), 'NaN'::DOUBLE)`
    case 'string':
      return `CAST(${ref} AS VARCHAR)`
    case 'json':
    case 'nested':
    case 'other':
      return textOf(ref, kind)
  }
}
