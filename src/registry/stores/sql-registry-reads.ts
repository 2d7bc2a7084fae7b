import type { Kysely } from 'kysely'
import type { Database } from '../../sql/index.js'
import { modelNotFound, versionNotFound } from '../registry-errors.js'
import type { ModelVersion, RegisteredModel } from '../types.js'
import { type ModelRow, rowToModel, rowToVersion, type VersionRow } from './sql-registry-rows.js'

/** The model's row; `RESOURCE_DOES_NOT_EXIST` naming it when there is none. */
export async function requireModelRow(db: Kysely<Database>, name: string): Promise<ModelRow> {
  const row = await db.selectFrom('registered_models').selectAll().where('name', '=', name).executeTakeFirst()
  if (!row) throw modelNotFound(name)
  return row
}

/** The version's row; `RESOURCE_DOES_NOT_EXIST` naming the model (when missing) or the version. */
export async function requireVersionRow(
  db: Kysely<Database>,
  name: string,
  version: number,
): Promise<VersionRow> {
  const row = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirst()
  if (row) return row
  await requireModelRow(db, name)
  throw versionNotFound(name, version)
}

/** Whole models (tags, aliases, latest version) for `rows`, in three queries whatever their number. */
export async function loadModels(
  db: Kysely<Database>,
  rows: readonly ModelRow[],
): Promise<RegisteredModel[]> {
  if (rows.length === 0) return []
  const names = rows.map((r) => r.name)
  const [tagRows, aliasRows, latestRows] = await Promise.all([
    db.selectFrom('registered_model_tags').selectAll().where('name', 'in', names).execute(),
    db
      .selectFrom('registered_model_aliases')
      .selectAll()
      .where('name', 'in', names)
      .orderBy('alias')
      .execute(),
    db
      .selectFrom('model_versions')
      .select(['name', (eb) => eb.fn.max('version').as('latest')])
      .where('name', 'in', names)
      .groupBy('name')
      .execute(),
  ])
  const tags = groupBy(tagRows, (t) => t.name)
  const aliases = groupBy(aliasRows, (a) => a.name)
  const latest = new Map(latestRows.map((r) => [r.name, Number(r.latest)]))
  return rows.map((row) =>
    rowToModel(row, {
      tags: Object.fromEntries((tags.get(row.name) ?? []).map((t) => [t.key, t.value])),
      aliases: Object.fromEntries((aliases.get(row.name) ?? []).map((a) => [a.alias, a.version])),
      latestVersion: latest.get(row.name) ?? null,
    }),
  )
}

/** Whole versions (tags, aliases) for `rows`, in two queries whatever their number, in the order given. */
export async function loadVersions(
  db: Kysely<Database>,
  rows: readonly VersionRow[],
): Promise<ModelVersion[]> {
  if (rows.length === 0) return []
  const keys = rows.map((r) => [r.name, r.version] as const)
  const [tagRows, aliasRows] = await Promise.all([
    db
      .selectFrom('model_version_tags')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('name', 'version'),
          'in',
          keys.map(([n, v]) => eb.tuple(n, v)),
        ),
      )
      .execute(),
    db
      .selectFrom('registered_model_aliases')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('name', 'version'),
          'in',
          keys.map(([n, v]) => eb.tuple(n, v)),
        ),
      )
      .orderBy('alias')
      .execute(),
  ])
  const key = (r: { name: string; version: number }) => `${r.version}/${r.name}`
  const tags = groupBy(tagRows, key)
  const aliases = groupBy(aliasRows, key)
  return rows.map((row) =>
    rowToVersion(
      row,
      Object.fromEntries((tags.get(key(row)) ?? []).map((t) => [t.key, t.value])),
      (aliases.get(key(row)) ?? []).map((a) => a.alias),
    ),
  )
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return groups
}
