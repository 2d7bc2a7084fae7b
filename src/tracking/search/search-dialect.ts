import type { SqlCapabilities } from '../../sql/index.js'

/** The backend a search compiles for; only LIKE and ILIKE differ. */
export type SearchDialect = SqlCapabilities['dialect']
