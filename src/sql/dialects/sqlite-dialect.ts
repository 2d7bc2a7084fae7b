import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { SqliteDialect } from 'kysely'
import { ShipyardError } from '../../shared/index.js'
import { withStatementCache } from './statement-cache.js'

const SQLITE_HEADER = 'SQLite format 3\u0000'

/**
 * Opens (or creates) the embedded SQLite database: WAL so readers never block the writer, a busy
 * timeout so that a second process waits for the lock instead of failing, and foreign keys on.
 * A file that is not a SQLite database is refused, never overwritten.
 */
export function createSqliteDialect(path: string): SqliteDialect {
  refuseNonSqliteFile(path)
  mkdirSync(dirname(path), { recursive: true })
  let database: SQLite.Database
  try {
    database = new SQLite(path)
    // Checked before any pragma: switching to WAL rewrites the header of a file that may not be ours.
    refuseForeignTables(database, path)
    database.pragma('journal_mode = WAL')
  } catch (error) {
    if (error instanceof ShipyardError) throw error
    throw foreignDatabase(path, error instanceof Error ? error.message : String(error), error)
  }
  database.pragma('busy_timeout = 10000')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  return new SqliteDialect({ database: withStatementCache(database) })
}

function refuseNonSqliteFile(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return
  const header = Buffer.alloc(16)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, header, 0, 16, 0)
  } finally {
    closeSync(fd)
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw foreignDatabase(path, 'it is not a SQLite database')
}

function refuseForeignTables(database: SQLite.Database, path: string): void {
  const tables = database
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  // Kysely's own bookkeeping tables appear first while another process is migrating a new file.
  const foreign = tables.filter((name) => !name.startsWith('kysely_migration'))
  if (foreign.length > 0 && !tables.includes('shipyard_meta')) {
    database.close()
    throw foreignDatabase(
      path,
      `it already holds tables Shipyard did not create (${foreign.slice(0, 5).join(', ')})`,
    )
  }
}

/** The error for a metadata file that Shipyard did not write; it is left untouched. */
export function foreignDatabase(path: string, reason: string, cause?: unknown): ShipyardError {
  return new ShipyardError(
    'SHIPYARD_STORE_FOREIGN_DATABASE',
    `refusing to use ${path}: ${reason}. Point SHIPYARD_HOME or SHIPYARD_DATABASE_URL elsewhere; the file was not changed`,
    { details: { path }, cause },
  )
}
