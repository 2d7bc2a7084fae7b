import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../../sql/index.js'
import type { Experiment, Page, SearchExperimentsQuery } from '../types.js'
import { decodeExperimentToken, encodeExperimentToken, pageSize, stagesFor } from './sql-paging.js'
import { rowToExperiment } from './sql-rows.js'

type ExperimentRow = Selectable<Database['experiments']>

/** One experiment by id or by name, with its tags; undefined when there is none. */
export async function findExperiment(
  db: Kysely<Database>,
  by: { readonly column: 'experiment_id' | 'name'; readonly value: string },
): Promise<Experiment | undefined> {
  const row = await db
    .selectFrom('experiments')
    .selectAll()
    .where(by.column, '=', by.value)
    .executeTakeFirst()
  return row ? (await withTags(db, [row]))[0] : undefined
}

/** A keyset page of experiments, newest first, then by id; see `TrackingStore.searchExperiments`. */
export async function searchExperimentPage(
  db: Kysely<Database>,
  query: SearchExperimentsQuery,
): Promise<Page<Experiment>> {
  const limit = pageSize(query.maxResults, 1000, 50_000)
  const after = query.pageToken === undefined ? undefined : decodeExperimentToken(query.pageToken)
  let select = db
    .selectFrom('experiments')
    .selectAll()
    .where('lifecycle_stage', 'in', stagesFor(query.viewType))
    .orderBy('creation_time', 'desc')
    .orderBy('experiment_id', 'desc')
    .limit(limit + 1)
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('creation_time', '<', after.creationTime),
        eb.and([eb('creation_time', '=', after.creationTime), eb('experiment_id', '<', after.experimentId)]),
      ]),
    )
  }
  const rows = await select.execute()
  const page = rows.slice(0, limit)
  const items = await withTags(db, page)
  const last = page.at(-1)
  return rows.length > limit && last ? { items, nextPageToken: encodeExperimentToken(last) } : { items }
}

/** Adds their tags to experiment rows, in one query whatever their number. */
async function withTags(db: Kysely<Database>, rows: readonly ExperimentRow[]): Promise<Experiment[]> {
  if (rows.length === 0) return []
  const tagRows = await db
    .selectFrom('experiment_tags')
    .selectAll()
    .where(
      'experiment_id',
      'in',
      rows.map((r) => r.experiment_id),
    )
    .execute()
  const tags = new Map<string, Record<string, string>>(rows.map((r) => [r.experiment_id, {}]))
  for (const t of tagRows) tags.get(t.experiment_id)![t.key] = t.value
  return rows.map((row) => rowToExperiment(row, tags.get(row.experiment_id)!))
}
