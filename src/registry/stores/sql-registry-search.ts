import { type Expression, type Kysely, type SqlBool, sql } from 'kysely'
import { invalidValue } from '../../shared/index.js'
import type { Database, SqlCapabilities } from '../../sql/index.js'
import type { Page } from '../../tracking/index.js'
import { validateKey } from '../../tracking/index.js'
import type {
  MetricCondition,
  ModelVersion,
  RegisteredModel,
  SearchModelsQuery,
  SearchVersionsQuery,
} from '../types.js'
import { decodeRegistryToken, encodeRegistryToken, registryPageSize } from './sql-registry-paging.js'
import { loadModels, loadVersions } from './sql-registry-reads.js'

const METRIC_OPS: ReadonlySet<string> = new Set(['>', '>=', '<', '<=', '=', '!='])

/** A keyset page of models by name; see `ModelRegistry.searchModels`. */
export async function searchModelPage(
  db: Kysely<Database>,
  capabilities: SqlCapabilities,
  query: SearchModelsQuery,
): Promise<Page<RegisteredModel>> {
  const limit = registryPageSize(query.maxResults)
  const filters = { nameLike: query.nameLike ?? null, tags: query.tags ?? {} }
  const after =
    query.pageToken === undefined ? undefined : decodeRegistryToken(query.pageToken, filters, ['string'])
  let select = db
    .selectFrom('registered_models as m')
    .selectAll('m')
    .orderBy('m.name')
    .limit(limit + 1)
  if (query.nameLike !== undefined) {
    if (typeof query.nameLike !== 'string') throw invalidValue('name_like', 'must be a string')
    // Not case-sensitive on both backends (SQLite's LIKE folds ASCII case and cannot be told otherwise).
    const like = capabilities.dialect === 'postgres' ? sql`ILIKE` : sql`LIKE`
    select = select.where(sql<SqlBool>`m.name ${like} ${query.nameLike} ESCAPE '\\'`)
  }
  for (const [key, value] of Object.entries(query.tags ?? {})) {
    select = select.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('registered_model_tags as t')
          .select('t.key')
          .whereRef('t.name', '=', 'm.name')
          .where('t.key', '=', key)
          .where('t.value', '=', String(value)),
      ),
    )
  }
  if (after) select = select.where('m.name', '>', after[0] as string)
  const rows = await select.execute()
  const page = rows.slice(0, limit)
  const items = await loadModels(db, page)
  const last = page.at(-1)
  return rows.length > limit && last
    ? { items, nextPageToken: encodeRegistryToken(filters, [last.name]) }
    : { items }
}

/**
 * A keyset page of versions, newest first (creation time, then name and version, descending); see
 * `ModelRegistry.searchVersions`.
 */
export async function searchVersionPage(
  db: Kysely<Database>,
  capabilities: SqlCapabilities,
  query: SearchVersionsQuery,
): Promise<Page<ModelVersion>> {
  const limit = registryPageSize(query.maxResults)
  const conditions = (query.metrics ?? []).map(validateCondition)
  const filters = { name: query.name ?? null, runId: query.runId ?? null, metrics: conditions }
  const after =
    query.pageToken === undefined
      ? undefined
      : decodeRegistryToken(query.pageToken, filters, ['number', 'string', 'number'])
  let select = db
    .selectFrom('model_versions')
    .selectAll()
    .orderBy('creation_time', 'desc')
    .orderBy('name', 'desc')
    .orderBy('version', 'desc')
    .limit(limit + 1)
  if (query.name !== undefined) select = select.where('name', '=', query.name)
  if (query.runId !== undefined) select = select.where('run_id', '=', query.runId)
  for (const condition of conditions) select = select.where(metricTest(capabilities, condition))
  if (after) {
    const [time, name, version] = after as [number, string, number]
    select = select.where((eb) =>
      eb(eb.refTuple('creation_time', 'name', 'version'), '<', eb.tuple(time, name, version)),
    )
  }
  const rows = await select.execute()
  const page = rows.slice(0, limit)
  const items = await loadVersions(db, page)
  const last = page.at(-1)
  return rows.length > limit && last
    ? { items, nextPageToken: encodeRegistryToken(filters, [last.creation_time, last.name, last.version]) }
    : { items }
}

function validateCondition(condition: MetricCondition, i: number): MetricCondition {
  validateKey(`metrics[${i}].metric`, condition.metric)
  if (!METRIC_OPS.has(condition.op)) {
    throw invalidValue(`metrics[${i}].op`, `'${condition.op}' is not one of ${[...METRIC_OPS].join(' ')}`)
  }
  if (typeof condition.value !== 'number' || !Number.isFinite(condition.value)) {
    throw invalidValue(`metrics[${i}].value`, `must be a finite number, got ${String(condition.value)}`)
  }
  return { metric: condition.metric, op: condition.op, value: condition.value }
}

/**
 * `metric op value` over the JSON metrics column. A version without the metric, or with a non-finite
 * value (stored as a string), never matches, as in MLflow's run search.
 */
function metricTest(
  capabilities: SqlCapabilities,
  { metric, op, value }: MetricCondition,
): Expression<SqlBool> {
  const stored =
    capabilities.dialect === 'postgres'
      ? sql`(CASE WHEN jsonb_typeof(metrics::jsonb -> ${metric}::text) = 'number' THEN (metrics::jsonb ->> ${metric}::text)::double precision END)`
      : sql`(SELECT j.value FROM json_each(model_versions.metrics) AS j WHERE j.key = ${metric} AND j.type IN ('integer', 'real'))`
  return sql<SqlBool>`${stored} ${sql.raw(op)} ${value}`
}
