export type { Database } from './schema.js'
export { openSqlDatabase, type SqlCapabilities, type SqlDatabase } from './sql-database.js'
export { isUniqueViolation } from './sql-errors.js'
