/**
 * A unique-constraint violation on either backend (SQLite's `SQLITE_CONSTRAINT_UNIQUE` or
 * `_PRIMARYKEY`, PostgreSQL's SQLSTATE 23505): how a store tells the loser of a race for a name.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}
