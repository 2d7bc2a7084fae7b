import { PostgresDialect } from 'kysely'
import pg from 'pg'

const INT8_OID = 20

/**
 * A PostgreSQL dialect on a `pg` pool. BIGINT columns hold epoch milliseconds and steps, all far
 * below 2^53, so they are parsed to numbers here rather than left as strings.
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
  return new PostgresDialect({ pool })
}
