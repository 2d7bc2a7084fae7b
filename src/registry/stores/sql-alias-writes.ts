import { sql, type Transaction } from 'kysely'
import { currentUser, invalidValue } from '../../shared/index.js'
import type { Database, SqlCapabilities } from '../../sql/index.js'
import { aliasNotFound } from '../registry-errors.js'
import type { AliasChange, AliasEvent } from '../types.js'
import { requireModelRow, requireVersionRow } from './sql-registry-reads.js'
import { rowToEvent } from './sql-registry-rows.js'

/** The PostgreSQL channel every alias change notifies, with the model's name as payload. */
export const ALIAS_CHANNEL = 'shipyard_aliases'

type Trx = Transaction<Database>

/**
 * Bumps the alias generation and returns it. Its row lock is held to commit, so alias changes are
 * serialised across processes from here on (reads after it see the latest committed aliases). On
 * PostgreSQL, queues one notification per model on `shipyard_aliases`, delivered at commit.
 */
export async function bumpAliasGeneration(
  trx: Trx,
  capabilities: SqlCapabilities,
  names: readonly string[],
): Promise<number> {
  const row = await trx
    .updateTable('registry_state')
    .set((eb) => ({ alias_generation: eb('alias_generation', '+', 1) }))
    .where('id', '=', 1)
    .returning('alias_generation')
    .executeTakeFirstOrThrow()
  if (capabilities.dialect === 'postgres') {
    for (const name of names) await sql`SELECT pg_notify(${ALIAS_CHANNEL}, ${name})`.execute(trx)
  }
  return Number(row.alias_generation)
}

/**
 * Points `alias` at `version`. Setting the version it already points at writes nothing and returns
 * the event that put it there.
 */
export async function setAliasIn(
  trx: Trx,
  capabilities: SqlCapabilities,
  target: { name: string; alias: string; version: number },
  change: AliasChange,
): Promise<AliasEvent> {
  const id = await bumpAliasGeneration(trx, capabilities, [target.name])
  await requireVersionRow(trx, target.name, target.version)
  const current = await currentVersion(trx, target.name, target.alias)
  if (current === target.version) {
    const last = await lastEvent(trx, target.name, target.alias)
    if (last) return rowToEvent(last)
  }
  return pointAlias(trx, id, { ...target, from: current, to: target.version }, change)
}

/** Removes `alias`; `RESOURCE_DOES_NOT_EXIST` when it points nowhere. */
export async function deleteAliasIn(
  trx: Trx,
  capabilities: SqlCapabilities,
  target: { name: string; alias: string },
  change: AliasChange,
): Promise<AliasEvent> {
  const id = await bumpAliasGeneration(trx, capabilities, [target.name])
  await requireModelRow(trx, target.name)
  const current = await currentVersion(trx, target.name, target.alias)
  if (current === null) throw aliasNotFound(target.name, target.alias)
  return pointAlias(trx, id, { ...target, from: current, to: null }, change)
}

/**
 * Moves `alias` back to the version its last event moved it from (so a second rollback undoes the
 * first). A deleted alias comes back to the version it had.
 */
export async function rollbackAliasIn(
  trx: Trx,
  capabilities: SqlCapabilities,
  target: { name: string; alias: string },
  change: AliasChange,
): Promise<AliasEvent> {
  const id = await bumpAliasGeneration(trx, capabilities, [target.name])
  await requireModelRow(trx, target.name)
  const last = await lastEvent(trx, target.name, target.alias)
  if (!last) throw aliasNotFound(target.name, target.alias)
  if (last.from_version === null) {
    throw invalidValue(
      'alias',
      `'${target.alias}' of '${target.name}' has pointed only at version ${last.to_version}; there is nothing to roll back to`,
    )
  }
  await requireVersionRow(trx, target.name, last.from_version)
  const reason = change.reason ? `rollback: ${change.reason}` : 'rollback'
  return pointAlias(
    trx,
    id,
    { ...target, from: last.to_version, to: last.from_version },
    { ...change, reason },
  )
}

async function pointAlias(
  trx: Trx,
  id: number,
  move: { name: string; alias: string; from: number | null; to: number | null },
  change: AliasChange,
): Promise<AliasEvent> {
  const { name, alias, to } = move
  if (to === null) {
    await trx
      .deleteFrom('registered_model_aliases')
      .where('name', '=', name)
      .where('alias', '=', alias)
      .execute()
  } else {
    await trx
      .insertInto('registered_model_aliases')
      .values({ name, alias, version: to })
      .onConflict((oc) => oc.columns(['name', 'alias']).doUpdateSet({ version: to }))
      .execute()
  }
  const row = {
    id,
    name,
    alias,
    from_version: move.from,
    to_version: to,
    time: Date.now(),
    // The OS user, as MLflow records `user_id`; '' when the system has none.
    user_id: change.user ?? currentUser() ?? '',
    reason: change.reason ?? '',
  }
  await trx.insertInto('model_alias_events').values(row).execute()
  return rowToEvent(row)
}

async function currentVersion(trx: Trx, name: string, alias: string): Promise<number | null> {
  const row = await trx
    .selectFrom('registered_model_aliases')
    .select('version')
    .where('name', '=', name)
    .where('alias', '=', alias)
    .executeTakeFirst()
  return row ? row.version : null
}

async function lastEvent(trx: Trx, name: string, alias: string) {
  return trx
    .selectFrom('model_alias_events')
    .selectAll()
    .where('name', '=', name)
    .where('alias', '=', alias)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}
