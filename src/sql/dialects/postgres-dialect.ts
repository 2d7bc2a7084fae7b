import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  type Kysely,
  PostgresDialect,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely'
import pg from 'pg'

const INT8_OID = 20

/**
 * A PostgreSQL dialect on a `pg` pool. BIGINT columns hold epoch milliseconds and steps, all far
 * below 2^53, so they are parsed to numbers here rather than left as strings. Introspection (which
 * Kysely's migrator uses to find its tables) sees only the search_path's schema: see
 * `CurrentSchemaIntrospector`.
 */
export function createPostgresDialect(url: string): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
  return new CurrentSchemaPostgresDialect({ pool })
}

class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db)
  }
}

/**
 * Kysely's PostgreSQL introspector reads every schema of the database and calls functions on each
 * (`has_schema_privilege`, `pg_get_serial_sequence`), which fail with "schema ... does not exist" when
 * another client drops a schema meanwhile: on a shared server, opening Shipyard could fail because
 * of someone else's clean-up (CI saw it with parallel test schemas). Shipyard's tables live in the
 * search_path's first schema, so this introspector lists that schema's tables only, by name (nothing
 * here reads column metadata).
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>

  constructor(db: Kysely<unknown>) {
    this.#db = db
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`SELECT current_schema() AS name`.execute(this.#db)
    return rows.filter((row) => row.name !== null)
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; type: string }>`
      SELECT table_name AS name, table_schema AS schema, table_type AS type
      FROM information_schema.tables
      WHERE table_schema = current_schema()
      ORDER BY table_name`.execute(this.#db)
    const internal = [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]
    return rows
      .filter((row) => options.withInternalKyselyTables || !internal.includes(row.name))
      .map((row) => ({ name: row.name, schema: row.schema, isView: row.type === 'VIEW', columns: [] }))
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) }
  }
}
