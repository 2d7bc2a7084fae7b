import { type RawBuilder, type SqlBool, sql } from 'kysely'
import type { SqlDatabase } from '../../sql/index.js'
import type { SearchRunsQuery } from '../types.js'
import { compileFilter } from './filter-sql.js'
import { decodePageToken, encodePageToken } from './page-token.js'
import { type ResolvedSearch, resolveSearchRunsQuery } from './search-query.js'
import { afterCursor, type Cursor, planSort, RANK_VALUE, type SortColumn } from './sort-plan.js'

/** One page of matching run ids, in order, and the token for the next page (absent on the last). */
export interface RunIdPage {
  readonly runIds: string[]
  readonly nextPageToken?: string
}

const STAGES = { ACTIVE_ONLY: ['active'], DELETED_ONLY: ['deleted'], ALL: [] } as const

/**
 * Runs one page of a run search and returns the ids in order; the caller loads the runs.
 *
 * Validation and defaults as in `resolveSearchRunsQuery`. Order: the order-by keys (missing
 * values last in both directions), then start time descending, then run id ascending. Paging is
 * keyset-based: the token holds the last row's sort values, so rows added or removed between
 * pages never make a page repeat or skip a row that stays put. A token is refused
 * (`SHIPYARD_PAGE_TOKEN_INVALID`) with a query that differs in anything but `maxResults`.
 */
export async function searchRunIds(
  { db, capabilities }: Pick<SqlDatabase, 'db' | 'capabilities'>,
  query: SearchRunsQuery,
): Promise<RunIdPage> {
  const search = resolveSearchRunsQuery(query)
  const dialect = capabilities.dialect
  const plan = planSort(search.orderKeys)
  const conditions = [...scope(search), ...compileFilter(search.clauses, dialect)]
  if (search.pageToken !== undefined) {
    conditions.push(
      afterCursor(plan.columns, decodePageToken(search.pageToken, search.fingerprint, plan.columns)),
    )
  }
  const select = plan.columns.flatMap((column, i) => [
    ...(column.rank ? [sql`${column.rank} AS ${sql.id(`k${i}r`)}`] : []),
    sql`${column.value} AS ${sql.id(`k${i}v`)}`,
  ])
  const order = plan.columns.flatMap((column, i) => [
    ...(column.rank ? [sql`${sql.id(`k${i}r`)} ASC`] : []),
    sql`${sql.id(`k${i}v`)} ${sql.raw(column.descending ? 'DESC' : 'ASC')}`,
  ])
  const { rows } = await sql<
    Record<string, unknown>
  >`SELECT ${sql.join(select)} FROM runs ${sql.join(plan.joins, sql` `)}
    ${conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``}
    ORDER BY ${sql.join(order)} LIMIT ${search.maxResults + 1}`.execute(db)

  const page = rows.slice(0, search.maxResults)
  const idColumn = `k${plan.columns.length - 1}v`
  const runIds = page.map((row) => String(row[idColumn]))
  const last = page[page.length - 1]
  if (rows.length <= search.maxResults || last === undefined) return { runIds }
  return { runIds, nextPageToken: encodePageToken(search.fingerprint, cursorOf(last, plan.columns)) }
}

function scope(search: ResolvedSearch): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = []
  const stages: readonly string[] = STAGES[search.viewType]
  if (stages.length > 0) conditions.push(sql<SqlBool>`runs.lifecycle_stage IN (${sql.join(stages)})`)
  if (search.experimentIds.length > 0) {
    conditions.push(sql<SqlBool>`runs.experiment_id IN (${sql.join(search.experimentIds)})`)
  }
  return conditions
}

function cursorOf(row: Record<string, unknown>, columns: readonly SortColumn[]): Cursor {
  return columns.map((column, i) => {
    const rank = column.rank ? Number(row[`k${i}r`]) : RANK_VALUE
    const raw = row[`k${i}v`]
    if (rank !== RANK_VALUE || raw === null || raw === undefined) return [rank, null] as const
    return [rank, column.type === 'number' ? Number(raw) : String(raw)] as const
  })
}
