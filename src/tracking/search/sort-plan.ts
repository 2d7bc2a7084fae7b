import { type RawBuilder, type SqlBool, sql } from 'kysely'
import { ATTRIBUTE_COLUMNS } from './filter-sql.js'
import type { OrderKey } from './search-ast.js'

/** Ranks of a sort column: a value sorts first, then NaN (metrics only), then a missing value. */
export const RANK_VALUE = 0
export const RANK_NAN = 1
export const RANK_MISSING = 2

/**
 * One column of the total order. Each row's position in it is the pair (rank, value): `rank` is
 * always ascending, which puts NaN and missing values last in both directions whatever the
 * backend's own null ordering; `value` is null unless the rank is `RANK_VALUE`.
 */
export interface SortColumn {
  readonly type: 'number' | 'string'
  readonly descending: boolean
  /** Absent for columns that always hold a value (the rank is then always `RANK_VALUE`). */
  readonly rank?: RawBuilder<number>
  readonly value: RawBuilder<unknown>
  /** The ranks this column can take, for validating page tokens. */
  readonly ranks: readonly number[]
}

/** The order of a search: its columns, and the joins that bring each key's row in. */
export interface SortPlan {
  readonly columns: readonly SortColumn[]
  readonly joins: readonly RawBuilder<unknown>[]
}

/** A row's place in the order: one (rank, value) pair per sort column. */
export type Cursor = readonly (readonly [rank: number, value: number | string | null])[]

/**
 * Plans the order: the user's keys, then start time descending and run id ascending, which make
 * the order total (run ids are unique) so that keyset paging never skips or repeats a row. Each
 * metric, param or tag key brings one LEFT JOIN on that key's row (its primary key).
 */
export function planSort(keys: readonly OrderKey[]): SortPlan {
  const columns: SortColumn[] = []
  const joins: RawBuilder<unknown>[] = []
  keys.forEach((key, i) => {
    const alias = `o${i}`
    const ref = (column: string) => sql.ref(`${alias}.${column}`)
    switch (key.kind) {
      case 'metric':
        joins.push(
          sql`LEFT JOIN latest_metrics ${sql.id(alias)} ON ${ref('run_uuid')} = runs.run_uuid AND ${ref('key')} = ${key.key}`,
        )
        columns.push({
          type: 'number',
          descending: key.descending,
          rank: sql<number>`CASE WHEN ${ref('run_uuid')} IS NULL THEN ${sql.lit(RANK_MISSING)} WHEN ${ref('is_nan')} <> 0 THEN ${sql.lit(RANK_NAN)} ELSE ${sql.lit(RANK_VALUE)} END`,
          value: sql`CASE WHEN ${ref('is_nan')} = 0 THEN ${ref('value')} END`,
          ranks: [RANK_VALUE, RANK_NAN, RANK_MISSING],
        })
        break
      case 'param':
      case 'tag':
        joins.push(
          sql`LEFT JOIN ${sql.table(`${key.kind}s`)} ${sql.id(alias)} ON ${ref('run_uuid')} = runs.run_uuid AND ${ref('key')} = ${key.key}`,
        )
        columns.push(nullable('string', key.descending, ref('run_uuid'), ref('value')))
        break
      case 'attribute': {
        const column = sql.ref(ATTRIBUTE_COLUMNS[key.attribute])
        const type = key.attribute === 'start_time' || key.attribute === 'end_time' ? 'number' : 'string'
        columns.push(
          key.attribute === 'end_time'
            ? nullable(type, key.descending, column, column)
            : { type, descending: key.descending, value: column, ranks: [RANK_VALUE] },
        )
      }
    }
  })
  columns.push({ type: 'number', descending: true, value: sql.ref('runs.start_time'), ranks: [RANK_VALUE] })
  columns.push({ type: 'string', descending: false, value: sql.ref('runs.run_uuid'), ranks: [RANK_VALUE] })
  return { columns, joins }
}

function nullable(
  type: SortColumn['type'],
  descending: boolean,
  presence: RawBuilder<unknown>,
  value: RawBuilder<unknown>,
): SortColumn {
  return {
    type,
    descending,
    rank: sql<number>`CASE WHEN ${presence} IS NULL THEN ${sql.lit(RANK_MISSING)} ELSE ${sql.lit(RANK_VALUE)} END`,
    value,
    ranks: [RANK_VALUE, RANK_MISSING],
  }
}

/**
 * The condition "comes after `cursor`" in the planned order: the lexicographic expansion
 * `after0 OR (equal0 AND after1) OR (equal0 AND equal1 AND after2) ...`, where each column compares
 * as its (rank, value) pair. A cursor rank above `RANK_VALUE` is a tie on the rank alone (all NaN,
 * or all missing, are equal), and the value comparison is only reached for rows with a value, since
 * `value` is null otherwise.
 */
export function afterCursor(columns: readonly SortColumn[], cursor: Cursor): RawBuilder<SqlBool> {
  const disjuncts: RawBuilder<SqlBool>[] = []
  const equalSoFar: RawBuilder<SqlBool>[] = []
  columns.forEach((column, i) => {
    const [rank, value] = cursor[i]!
    let after: RawBuilder<SqlBool>
    let equal: RawBuilder<SqlBool>
    if (rank === RANK_VALUE) {
      const beyond = sql<SqlBool>`${column.value} ${sql.raw(column.descending ? '<' : '>')} ${value}`
      after = column.rank ? sql<SqlBool>`(${column.rank} > ${sql.lit(RANK_VALUE)} OR ${beyond})` : beyond
      equal = sql<SqlBool>`${column.value} = ${value}`
    } else {
      after = sql<SqlBool>`${column.rank} > ${rank}`
      equal = sql<SqlBool>`${column.rank} = ${rank}`
    }
    disjuncts.push(
      equalSoFar.length === 0 ? after : sql<SqlBool>`(${sql.join([...equalSoFar, after], sql` AND `)})`,
    )
    equalSoFar.push(equal)
  })
  return sql<SqlBool>`(${sql.join(disjuncts, sql` OR `)})`
}
