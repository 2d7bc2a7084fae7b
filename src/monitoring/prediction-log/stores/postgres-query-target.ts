import type { FilterValue, RecordField } from '../prediction-filter.js'
import { type LoggedType, type QuerySqlTarget, SqlParams } from '../prediction-query-sql.js'

/**
 * Queries over the `prediction_log` table: the record's columns, and `inputs`/`outputs` jsonb read
 * with `->`/`->>` by a bound key. A value of another JSON type than the literal's reads as NULL, as a
 * missing key does. Strings compared for order use `COLLATE "C"` (code points, as DuckDB), whatever
 * the database's collation. Placeholders carry their type: whole numbers `::bigint` (so a time window
 * on the bigint `time` column uses its index), other numbers `::float8`, `::text`, `::boolean`.
 */
export class PostgresQueryTarget implements QuerySqlTarget {
  readonly params = new SqlParams(castOf)
  readonly #prefix: string

  /** `alias`: the table's name in a join, if any. */
  constructor(alias?: string) {
    this.#prefix = alias === undefined ? '' : `${alias}.`
  }

  column(name: RecordField): string {
    return `${this.#prefix}"${name}"`
  }

  logged(scope: 'inputs' | 'outputs', name: string, type: LoggedType): string {
    const key = this.params.bind(name)
    const json = `${this.#prefix}${scope}`
    switch (type) {
      case 'any':
        return `(${json} ->> ${key})`
      case 'string':
        return `(CASE WHEN jsonb_typeof(${json} -> ${key}) = 'string' THEN ${json} ->> ${key} END)`
      case 'number':
        return `(CASE WHEN jsonb_typeof(${json} -> ${key}) = 'number' THEN (${json} ->> ${key})::float8 END)`
      case 'boolean':
        return `(CASE WHEN jsonb_typeof(${json} -> ${key}) = 'boolean' THEN (${json} ->> ${key})::boolean END)`
    }
  }

  ordered(sql: string): string {
    return `${sql} COLLATE "C"`
  }
}

function castOf(value: FilterValue): string {
  switch (typeof value) {
    case 'string':
      return '::text'
    case 'boolean':
      return '::boolean'
    default:
      return Number.isSafeInteger(value) ? '::bigint' : '::float8'
  }
}
