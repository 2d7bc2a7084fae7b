export type { Database } from './schema.js'
export { openSqlDatabase, type SqlCapabilities, type SqlDatabase } from './sql-database.js'
