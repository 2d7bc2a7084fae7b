import type { RecordField } from '../prediction-filter.js'
import { type LoggedType, type QuerySqlTarget, SqlParams } from '../prediction-query-sql.js'
import { quoteIdentifier } from './duck-engine.js'
import type { DuckRelation, ValueKind } from './duck-relation.js'

/**
 * Queries over the embedded store's Parquet columns. An input or output is its own typed column
 * (`"inputs.age"` DOUBLE), resolved exactly (case-sensitively, as PostgreSQL's jsonb keys are) against
 * the relation's columns: a key no file has, or has with another type than the literal's, reads as
 * NULL, so it never matches a comparison. DuckDB compares strings by code point already. Values are
 * bound as `$n` parameters.
 */
export class DuckQueryTarget implements QuerySqlTarget {
  readonly params = new SqlParams()
  readonly #logged: DuckRelation['logged']
  readonly #prefix: string

  /** `logged`: where the relation holds each logged column; `alias`: the relation's name in a join. */
  constructor(logged: DuckRelation['logged'], alias?: string) {
    this.#logged = logged
    this.#prefix = alias === undefined ? '' : `${alias}.`
  }

  column(name: RecordField): string {
    return this.#prefix + quoteIdentifier(name)
  }

  logged(scope: 'inputs' | 'outputs', name: string, type: LoggedType): string {
    const columns = this.#logged.get(`${scope}.${name}`) ?? {}
    if (type !== 'any') {
      const column = columns[type]
      return column === undefined ? 'NULL' : this.#prefix + quoteIdentifier(column)
    }
    const all = Object.entries(columns).map(([kind, column]) =>
      asText(this.#prefix + quoteIdentifier(column), kind),
    )
    return all.length === 0 ? 'NULL' : all.length === 1 ? all[0]! : `coalesce(${all.join(', ')})`
  }

  /** The types the relation holds values of `scope.name` in (none: no file has the key). */
  kinds(scope: 'inputs' | 'outputs', name: string): ValueKind[] {
    return Object.keys(this.#logged.get(`${scope}.${name}`) ?? {}) as ValueKind[]
  }

  ordered(sql: string): string {
    return sql
  }
}

// A value as text, whole numbers without DuckDB's `.0` (as JSON, and so PostgreSQL's `->>`, writes them).
function asText(sql: string, kind: string): string {
  if (kind !== 'number') return `CAST(${sql} AS VARCHAR)`
  return `CASE WHEN ${sql} = trunc(${sql}) AND abs(${sql}) < 9007199254740992 THEN CAST(CAST(${sql} AS BIGINT) AS VARCHAR) ELSE CAST(${sql} AS VARCHAR) END`
}
