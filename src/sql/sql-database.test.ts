import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import SQLite from 'better-sqlite3'
import { ShipyardError } from '../shared/index.js'
import { openSqlDatabase } from './sql-database.js'
import { describeEachBackend, TEST_DATABASE_BACKENDS } from './test-databases.js'

function isForeign(error: unknown): boolean {
  return error instanceof ShipyardError && error.code === 'SHIPYARD_STORE_FOREIGN_DATABASE'
}

describeEachBackend('openSqlDatabase', (backend) => {
  it('applies the migrations once and records them', async () => {
    const test = await backend.create()
    try {
      const first = await openSqlDatabase(test.target)
      await first.close()
      const second = await openSqlDatabase(test.target)
      const applied = await second.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute()
      assert.deepEqual(
        applied.map((row) => (row as { name: string }).name),
        ['001-tracking', '002-registry', '003-alerts'],
      )
      const meta = await second.db.selectFrom('shipyard_meta').selectAll().execute()
      assert.deepEqual(meta, [{ key: 'application', value: 'shipyard' }])
      await second.close()
    } finally {
      await test.dispose()
    }
  })

  it('refuses a database migrated by a newer Shipyard', async () => {
    const test = await backend.create()
    try {
      const sql = await openSqlDatabase(test.target)
      await sql.db
        .insertInto('kysely_migration' as never)
        .values({ name: '999-future', timestamp: new Date().toISOString() } as never)
        .execute()
      await sql.close()
      await assert.rejects(openSqlDatabase(test.target), isForeign)
    } finally {
      await test.dispose()
    }
  })
})

describe('openSqlDatabase on a file Shipyard did not write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipyard-foreign-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('refuses a file that is not SQLite and leaves it byte-identical', async () => {
    const path = join(dir, 'garbage.db')
    writeFileSync(path, 'this is not a database, it is a shopping list\n'.repeat(100))
    const before = readFileSync(path)
    await assert.rejects(openSqlDatabase({ kind: 'sqlite', path }), (error: unknown) => {
      assert.ok(isForeign(error))
      assert.match((error as Error).message, /garbage\.db.*not a SQLite database/)
      return true
    })
    assert.deepEqual(readFileSync(path), before)
  })

  it("refuses another application's SQLite database and leaves it unchanged", async () => {
    const path = join(dir, 'other.db')
    const other = new SQLite(path)
    other.exec(
      'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)',
    )
    other.close()
    const before = readFileSync(path)
    await assert.rejects(openSqlDatabase({ kind: 'sqlite', path }), (error: unknown) => {
      assert.ok(isForeign(error))
      assert.match((error as Error).message, /invoices/)
      return true
    })
    assert.deepEqual(readFileSync(path), before)
  })
})

const postgres = TEST_DATABASE_BACKENDS.find((b) => b.name === 'postgres')!
describe('openSqlDatabase on PostgreSQL', () => {
  it("refuses a schema that already holds another application's runs table", {
    skip: postgres.skip,
  }, async () => {
    const test = await postgres.create()
    try {
      const pg = await import('pg')
      const client = new pg.default.Client({ connectionString: (test.target as { url: string }).url })
      await client.connect()
      await client.query('CREATE TABLE runs (run_uuid text primary key)')
      await client.end()
      await assert.rejects(
        openSqlDatabase(test.target),
        (error: unknown) => isForeign(error) && /runs/.test(String(error)),
      )
    } finally {
      await test.dispose()
    }
  })

  it('sees only its own schema, so other schemas (being dropped or not) never get in the way', {
    skip: postgres.skip,
  }, async () => {
    const mine = await postgres.create()
    const other = await postgres.create()
    try {
      const pg = await import('pg')
      const client = new pg.default.Client({ connectionString: (other.target as { url: string }).url })
      await client.connect()
      await client.query('CREATE TABLE runs (run_uuid text primary key)')
      await client.end()
      const database = await openSqlDatabase(mine.target)
      const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true })
      assert.ok(tables.some((t) => t.name === 'runs'))
      assert.equal(new Set(tables.map((t) => t.schema)).size, 1, 'one schema')
      assert.ok(tables.some((t) => t.name === 'kysely_migration'))
      assert.ok(!(await database.db.introspection.getTables()).some((t) => t.name === 'kysely_migration'))
      await database.close()
    } finally {
      await mine.dispose()
      await other.dispose()
    }
  })
})
