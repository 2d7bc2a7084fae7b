import type { SqliteDatabase, SqliteStatement } from 'kysely'

/**
 * Wraps a SQLite connection so that each distinct SQL text is prepared once. Kysely prepares every
 * query anew, and a 1000-row INSERT costs far more to prepare than to run. Safe because Kysely's
 * SQLite driver runs one statement at a time on its single connection. Bounded: the oldest statement
 * is dropped past `capacity`.
 */
export function withStatementCache(database: SqliteDatabase, capacity = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql)
      if (cached) {
        cache.delete(sql)
        cache.set(sql, cached)
        return cached
      }
      const statement = database.prepare(sql)
      cache.set(sql, statement)
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string)
      return statement
    },
  }
}
