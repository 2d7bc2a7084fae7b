import { Kysely, Migrator, sql, type Transaction } from 'kysely'
import type { DatabaseTarget } from '../shared/index.js'
import { ShipyardError } from '../shared/index.js'
import { createPostgresDialect } from './dialects/postgres-dialect.js'
import { createSqliteDialect, foreignDatabase } from './dialects/sqlite-dialect.js'
import { MIGRATIONS } from './migrations/index.js'
import type { Database } from './schema.js'

/** What differs between backends, as flags rather than `instanceof` checks. */
export interface SqlCapabilities {
  readonly dialect: 'sqlite' | 'postgres'
}

/** An open, migrated metadata database. */
export interface SqlDatabase {
  readonly db: Kysely<Database>
  readonly capabilities: SqlCapabilities
  /** Runs `work` in one transaction, retrying it when another writer holds the lock or wins a race. */
  writeTransaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>
  close(): Promise<void>
}

const TABLES = [
  'experiments',
  'experiment_tags',
  'runs',
  'params',
  'tags',
  'metrics',
  'latest_metrics',
  'artifacts',
  'registered_models',
  'registered_model_tags',
  'model_versions',
  'model_version_tags',
  'registered_model_aliases',
  'model_alias_events',
  'registry_state',
  'model_alerts',
]
const MAX_ATTEMPTS = 8

/**
 * Opens the metadata database, refuses one that Shipyard did not write, and applies pending
 * migrations (recorded in `kysely_migration`). Throws `SHIPYARD_STORE_FOREIGN_DATABASE` or
 * `SHIPYARD_STORE_UNAVAILABLE`.
 */
export async function openSqlDatabase(target: DatabaseTarget): Promise<SqlDatabase> {
  const dialect =
    target.kind === 'sqlite' ? createSqliteDialect(target.path) : createPostgresDialect(target.url)
  const db = new Kysely<Database>({ dialect })
  const where = target.kind === 'sqlite' ? target.path : redactUrl(target.url)
  try {
    // Shipyard's schema is the search_path's first (the dialect's introspection sees only that one).
    const schema = target.kind === 'postgres' ? await currentSchema(db) : undefined
    await refuseClashingTables(db, schema, where)
    await migrate(db, schema, where)
  } catch (error) {
    await db.destroy()
    if (error instanceof ShipyardError) throw error
    throw new ShipyardError(
      'SHIPYARD_STORE_UNAVAILABLE',
      `cannot open the metadata database ${where}: ${message(error)}`,
      {
        cause: error,
      },
    )
  }
  return {
    db,
    capabilities: { dialect: target.kind },
    writeTransaction: (work) => withRetry(() => db.transaction().execute(work)),
    close: () => db.destroy(),
  }
}

/**
 * A shared PostgreSQL database may hold other applications' tables; only a clash with ours (an MLflow
 * database, say) is refused. SQLite files with any foreign table were refused when opened.
 */
async function refuseClashingTables(db: Kysely<Database>, schema: string | undefined, where: string) {
  const tables = (await db.introspection.getTables())
    .filter((t) => schema === undefined || t.schema === schema)
    .map((t) => t.name)
  if (tables.includes('shipyard_meta')) return
  const clashing = tables.filter((name) => TABLES.includes(name))
  if (clashing.length > 0) {
    throw foreignDatabase(
      where,
      `it already holds tables Shipyard did not create (${clashing.slice(0, 5).join(', ')})`,
    )
  }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)
  const schema = rows[0]?.schema
  if (!schema) throw new Error('the search_path names no schema that exists')
  return schema
}

async function migrate(db: Kysely<Database>, schema: string | undefined, where: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  })
  // Two processes opening a fresh SQLite file race to migrate it: the loser's transaction rolls back
  // with "already exists" (or BUSY), and on the next attempt it finds the migrations applied.
  const { error, results } = await withRetry(async () => {
    const result = await migrator.migrateToLatest()
    if (result.error && isMigrationRace(result.error)) throw result.error
    return result
  }, isMigrationRace)
  if (!error) return
  const failed = results?.find((r) => r.status === 'Error')?.migrationName
  if (message(error).includes('corrupted migrations')) {
    throw foreignDatabase(
      where,
      `it was migrated by a newer or different Shipyard (${message(error)})`,
      error,
    )
  }
  throw new ShipyardError(
    'SHIPYARD_STORE_UNAVAILABLE',
    `migration ${failed ?? '?'} failed on ${where}: ${message(error)}`,
    {
      cause: error,
    },
  )
}

/** Retries work that lost a lock race: SQLite's BUSY/LOCKED, PostgreSQL's serialization failures and deadlocks. */
async function withRetry<T>(work: () => Promise<T>, retryable = isTransient): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt * (0.5 + Math.random())))
    }
  }
}

function isMigrationRace(error: unknown): boolean {
  return isTransient(error) || /already exists/.test(message(error))
}

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^(SQLITE_BUSY|SQLITE_LOCKED|40001|40P01)/.test(code)
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
