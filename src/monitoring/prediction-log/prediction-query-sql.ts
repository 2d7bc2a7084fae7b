import { invalidValue } from '../../shared/index.js'
import {
  type FilterField,
  type FilterNode,
  type FilterValue,
  parsePredictionFilter,
  RECORD_FIELDS,
  type RecordField,
} from './prediction-filter.js'
import type { LabelledQuery, PredictionQuery } from './prediction-log.js'

/** The type an input or output value is read as; `any` reads it whatever it is (for `is null`). */
export type LoggedType = 'number' | 'string' | 'boolean' | 'any'

/**
 * How a store writes the pieces of a query: the one place the SQL of DuckDB and PostgreSQL differ.
 * Every method returns SQL text made of the store's own names and of placeholders from `params`,
 * never of user values.
 */
export interface QuerySqlTarget {
  /** Binds user values; see {@link SqlParams}. */
  readonly params: SqlParams
  /** A record column, as a number or a string. */
  column(name: RecordField): string
  /** An input or output value when it is of `type`, else NULL (a key no record has is NULL). */
  logged(scope: 'inputs' | 'outputs', name: string, type: LoggedType): string
  /** A string expression compared by code point (for `< <= > >=`), as DuckDB compares strings. */
  ordered(sql: string): string
}

/**
 * User values bound to numbered placeholders (`$1`, `$2`... in binding order), the form DuckDB and
 * PostgreSQL both take. `cast` adds what a backend needs to type a placeholder (`$1::float8`).
 */
export class SqlParams {
  readonly values: unknown[] = []
  readonly #cast: (value: FilterValue) => string

  constructor(cast: (value: FilterValue) => string = () => '') {
    this.#cast = cast
  }

  /** The placeholder of a newly bound `value`. */
  bind(value: FilterValue): string {
    this.values.push(value)
    return `$${this.values.length}${this.#cast(value)}`
  }
}

/** Records a search returns when the query names no limit. */
export const DEFAULT_SEARCH_LIMIT = 100
/** The most records one search returns; `columns()` is the bulk read. */
export const MAX_SEARCH_LIMIT = 100_000

/** The query's `limit`, checked: a whole number from 1 to {@link MAX_SEARCH_LIMIT}. */
export function searchLimit(query: PredictionQuery): number {
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw invalidValue('limit', `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}, got ${limit}`)
  }
  return limit
}

/**
 * The SQL condition selecting the query's records (`TRUE` for none), every field checked first:
 * `version` a whole number, `since`/`until` finite epoch ms, `where` parsed (its errors are
 * `INVALID_PARAMETER_VALUE` with the position and token). Values go through `target.params`. Stored
 * times are whole milliseconds, so `since` and `until` are rounded up: the same records, and a
 * whole-number bound an index on `time` can use.
 */
export function predictionWhere(query: PredictionQuery, target: QuerySqlTarget): string {
  const { params } = target
  const conditions: string[] = []
  if (query.model !== undefined) conditions.push(`${target.column('model')} = ${params.bind(query.model)}`)
  if (query.version !== undefined) {
    if (!Number.isInteger(query.version)) invalid('version', 'a whole number', query.version)
    conditions.push(`${target.column('version')} = ${params.bind(query.version)}`)
  }
  if (query.since !== undefined) {
    if (!Number.isFinite(query.since)) invalid('since', 'epoch milliseconds', query.since)
    conditions.push(`${target.column('time')} >= ${params.bind(Math.ceil(query.since))}`)
  }
  if (query.until !== undefined) {
    if (!Number.isFinite(query.until)) invalid('until', 'epoch milliseconds', query.until)
    conditions.push(`${target.column('time')} < ${params.bind(Math.ceil(query.until))}`)
  }
  if (query.errors !== undefined) {
    conditions.push(`${target.column('error_code')} IS ${query.errors ? 'NOT NULL' : 'NULL'}`)
  }
  if (query.requestId !== undefined) {
    conditions.push(`${target.column('request_id')} = ${params.bind(query.requestId)}`)
  }
  if (query.where !== undefined && query.where.trim() !== '') {
    conditions.push(`(${filterSql(parsePredictionFilter(query.where).root, target)})`)
  }
  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ')
}

function invalid(field: string, wanted: string, got: unknown): never {
  throw invalidValue(field, `must be ${wanted}, got ${String(got)}`)
}

/** A filter tree as SQL with SQL's three-valued logic: a comparison with a missing value is unknown. */
function filterSql(node: FilterNode, target: QuerySqlTarget): string {
  switch (node.kind) {
    case 'logical':
      return `(${filterSql(node.left, target)} ${node.op.toUpperCase()} ${filterSql(node.right, target)})`
    case 'not':
      return `(NOT ${filterSql(node.operand, target)})`
    case 'isNull':
      return `(${fieldSql(node.field, 'any', target)} IS ${node.negated ? 'NOT NULL' : 'NULL'})`
    case 'in': {
      const first = node.values[0]!
      const values = node.values.map((v) => target.params.bind(v)).join(', ')
      return `(${fieldSql(node.field, typeOf(first), target)} ${node.negated ? 'NOT IN' : 'IN'} (${values}))`
    }
    case 'compare': {
      const type = typeOf(node.value)
      const field = fieldSql(node.field, type, target)
      const ordering = type === 'string' && node.op !== '=' && node.op !== '<>'
      return `(${ordering ? target.ordered(field) : field} ${node.op} ${target.params.bind(node.value)})`
    }
  }
}

function fieldSql(field: FilterField, type: LoggedType, target: QuerySqlTarget): string {
  return field.scope === 'record' ? target.column(field.name) : target.logged(field.scope, field.name, type)
}

function typeOf(value: FilterValue): 'number' | 'string' | 'boolean' {
  return typeof value as 'number' | 'string' | 'boolean'
}

/**
 * A column name of `columns()`: a record column (`latency_ms`) or `inputs.<key>` / `outputs.<key>`.
 * Anything else is `INVALID_PARAMETER_VALUE` naming it and the choices.
 */
export function columnField(name: string): FilterField {
  const dot = name.indexOf('.')
  const scope = dot < 0 ? '' : name.slice(0, dot)
  if ((scope === 'inputs' || scope === 'outputs') && dot < name.length - 1) {
    return { scope, name: name.slice(dot + 1) }
  }
  if (Object.hasOwn(RECORD_FIELDS, name)) return { scope: 'record', name: name as RecordField }
  const known = [...Object.keys(RECORD_FIELDS), 'inputs.<name>', 'outputs.<name>'].join(', ')
  throw invalidValue('names', `unknown column '${name}' (known: ${known})`)
}

/** The limit of a bulk read: none, or a whole number >= 1. */
export function columnsLimit(query: PredictionQuery): number | undefined {
  if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 1)) {
    throw invalidValue('limit', `must be a whole number >= 1, got ${query.limit}`)
  }
  return query.limit
}

/** The records a labelled join reads, as a query: `model` is required. */
export function labelledQuery(query: LabelledQuery): PredictionQuery {
  if (typeof query.model !== 'string' || query.model === '') throw invalidValue('model', 'must name a model')
  return { model: query.model, version: query.version, since: query.since, until: query.until }
}
