import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import pg from 'pg'
import type { DatabaseTarget } from '../shared/index.js'

/**
 * The database backends every conformance suite runs on: SQLite always, PostgreSQL when
 * `SHIPYARD_TEST_DATABASE_URL` is set (otherwise reported as skipped, with the reason).
 * Each `create()` gives a fresh, empty database: a temp file, or a new PostgreSQL schema.
 */
export interface TestDatabaseBackend {
  readonly name: 'sqlite' | 'postgres'
  /** Why the backend is skipped, or false when it runs. */
  readonly skip: string | false
  create(): Promise<TestDatabase>
}

export interface TestDatabase {
  readonly target: DatabaseTarget
  /** A folder for this database's artifacts and other files. */
  readonly dir: string
  /** Removes the file or schema. */
  dispose(): Promise<void>
}

const postgresUrl = process.env.SHIPYARD_TEST_DATABASE_URL

export const TEST_DATABASE_BACKENDS: readonly TestDatabaseBackend[] = [
  {
    name: 'sqlite',
    skip: false,
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'shipyard-test-'))
      return {
        target: { kind: 'sqlite', path: join(dir, 'shipyard.db') },
        dir,
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  },
  {
    name: 'postgres',
    skip: postgresUrl ? false : 'SHIPYARD_TEST_DATABASE_URL is not set',
    async create() {
      if (!postgresUrl) throw new Error('SHIPYARD_TEST_DATABASE_URL is not set')
      return freshPostgresSchema(postgresUrl, 'shipyard_test')
    },
  },
]

/**
 * A new, empty schema on the PostgreSQL server at `url`, and a target whose search_path points at it,
 * plus a temp folder; `dispose` drops both. For tests and benchmarks that each need a clean database.
 */
export async function freshPostgresSchema(url: string, prefix: string): Promise<TestDatabase> {
  const schema = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  await adminQuery(url, `CREATE SCHEMA ${schema}`)
  const scoped = new URL(url)
  scoped.searchParams.set('options', `-c search_path=${schema}`)
  const dir = mkdtempSync(join(tmpdir(), 'shipyard-test-'))
  return {
    target: { kind: 'postgres', url: scoped.toString() },
    dir,
    dispose: async () => {
      await adminQuery(url, `DROP SCHEMA ${schema} CASCADE`)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/**
 * Declares `suite` once per backend. A skipped backend is reported as a skipped test with its reason
 * (node 20 does not count skipped suites in its tally, and a skip must never read as a pass).
 */
export function describeEachBackend(title: string, suite: (backend: TestDatabaseBackend) => void): void {
  for (const backend of TEST_DATABASE_BACKENDS) {
    const name = `${title} on ${backend.name}`
    if (backend.skip) it(name, { skip: backend.skip }, () => {})
    else describe(name, () => suite(backend))
  }
}
