import type { Migration } from 'kysely'
import * as tracking from './001-tracking.js'
import * as registry from './002-registry.js'
import * as alerts from './003-alerts.js'

/**
 * Every migration, in order. Names are permanent: Kysely records them in `kysely_migration`, and a
 * database that has applied a name this list lacks is refused (it was written by a newer Shipyard).
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-tracking': tracking,
  '002-registry': registry,
  '003-alerts': alerts,
}
