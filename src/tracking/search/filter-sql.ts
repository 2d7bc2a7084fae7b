import { type RawBuilder, type SqlBool, sql } from 'kysely'
import { likeToGlob } from './like-pattern.js'
import type {
  FilterClause,
  NumericAttribute,
  NumericComparator,
  NumericTest,
  StringAttribute,
  StringTest,
} from './search-ast.js'
import type { SearchDialect } from './search-dialect.js'

/** The `runs` column behind each attribute. */
export const ATTRIBUTE_COLUMNS: Readonly<Record<NumericAttribute | StringAttribute, string>> = {
  run_id: 'runs.run_uuid',
  run_name: 'runs.name',
  status: 'runs.status',
  user_id: 'runs.user_id',
  artifact_uri: 'runs.artifact_uri',
  start_time: 'runs.start_time',
  end_time: 'runs.end_time',
}

const NUMERIC_OPERATORS: Readonly<Record<NumericComparator, string>> = {
  '=': '=',
  '!=': '<>',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
}

type Compiler<K extends FilterClause['kind']> = (
  clause: Extract<FilterClause, { kind: K }>,
  dialect: SearchDialect,
) => RawBuilder<SqlBool>

/**
 * Each clause kind's SQL, as a condition on the outer `runs` row. Keyed entities compile to
 * `EXISTS` subqueries on their (run_uuid, key) primary key, never to joins, so clauses on many
 * keys do not multiply rows. User text only ever travels as bound parameters.
 */
const COMPILERS: { readonly [K in FilterClause['kind']]: Compiler<K> } = {
  metric: (clause) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = runs.run_uuid AND m.key = ${clause.key} AND m.is_nan = 0 AND ${numeric(sql.ref('m.value'), clause.test)})`,
  param: (clause, dialect) => keyed('params', clause.key, clause.test, dialect),
  tag: (clause, dialect) => keyed('tags', clause.key, clause.test, dialect),
  'numeric-attribute': (clause) => numeric(sql.ref(ATTRIBUTE_COLUMNS[clause.attribute]), clause.test),
  'string-attribute': (clause, dialect) =>
    string(sql.ref(ATTRIBUTE_COLUMNS[clause.attribute]), clause.test, dialect),
}

/** One SQL condition per clause, to be joined with AND. */
export function compileFilter(
  clauses: readonly FilterClause[],
  dialect: SearchDialect,
): RawBuilder<SqlBool>[] {
  return clauses.map((clause) => (COMPILERS[clause.kind] as Compiler<typeof clause.kind>)(clause, dialect))
}

function keyed(
  table: 'params' | 'tags',
  key: string,
  test: StringTest,
  dialect: SearchDialect,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM ${sql.table(table)} k WHERE k.run_uuid = runs.run_uuid AND k.key = ${key} AND ${string(sql.ref('k.value'), test, dialect)})`
}

function numeric(column: RawBuilder<unknown>, test: NumericTest): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} ${sql.raw(NUMERIC_OPERATORS[test.comparator])} ${test.value}`
}

/**
 * LIKE is case-sensitive and ILIKE is not, on both backends, with `\` as the escape character.
 * PostgreSQL has both natively; SQLite's LIKE ignores ASCII case, so LIKE becomes an exact GLOB
 * translation there and SQLite's own LIKE serves as ILIKE (ASCII case folding only, as SQLite's
 * `lower()` would be).
 */
const PATTERN_MATCH: Readonly<
  Record<
    SearchDialect,
    Record<'LIKE' | 'ILIKE', (column: RawBuilder<unknown>, pattern: string) => RawBuilder<SqlBool>>
  >
> = {
  sqlite: {
    LIKE: (column, pattern) => sql<SqlBool>`${column} GLOB ${likeToGlob(pattern)}`,
    ILIKE: (column, pattern) => sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`,
  },
  postgres: {
    LIKE: (column, pattern) => sql<SqlBool>`${column} LIKE ${pattern} ESCAPE '\\'`,
    ILIKE: (column, pattern) => sql<SqlBool>`${column} ILIKE ${pattern} ESCAPE '\\'`,
  },
}

function string(column: RawBuilder<unknown>, test: StringTest, dialect: SearchDialect): RawBuilder<SqlBool> {
  switch (test.comparator) {
    case '=':
      return sql<SqlBool>`${column} = ${test.value}`
    case '!=':
      return sql<SqlBool>`${column} <> ${test.value}`
    case 'LIKE':
    case 'ILIKE':
      return PATTERN_MATCH[dialect][test.comparator](column, test.value)
    case 'IN':
      return sql<SqlBool>`${column} IN (${sql.join(test.values)})`
    case 'NOT IN':
      return sql<SqlBool>`${column} NOT IN (${sql.join(test.values)})`
  }
}
