import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  type PredictionLogStore,
  type PredictionQuery,
  type PredictionRecord,
  parseTimeBound,
} from '../../monitoring/index.js'
import { invalidValue, ShipyardError } from '../../shared/index.js'
import { versionNumber } from '../flag-values.js'
import { annotateError } from '../output/error-output.js'
import type { SearchFlags } from './search-options.js'

/**
 * The prediction query the flags name, each checked and named in its error (`--since: '1y' is not a
 * time...`): `--since`/`--until` a duration back from `now`, an ISO instant or epoch ms; `--limit` a
 * whole number up to the store's maximum, default the store's default (always set, so a caller knows
 * when a page came back full). `version` is `logs`'s `--version` (replay's names a target). The
 * `where` text is checked by the store, see `searchLogged`.
 */
export function predictionQuery(
  flags: SearchFlags,
  version: string | undefined,
  now: number,
): PredictionQuery & { readonly limit: number } {
  return {
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(version === undefined ? {} : { version: versionNumber('--version', version) }),
    ...(flags.since === undefined ? {} : { since: parseTimeBound('--since', flags.since, now) }),
    ...(flags.until === undefined ? {} : { until: parseTimeBound('--until', flags.until, now) }),
    ...(flags.errors ? { errors: true } : {}),
    ...(flags.where === undefined ? {} : { where: flags.where }),
    limit: flags.limit === undefined ? DEFAULT_SEARCH_LIMIT : searchLimit(flags.limit),
  }
}

function searchLimit(text: string): number {
  const limit = Number(text)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw invalidValue('--limit', `'${text}' is not a whole number from 1 to ${MAX_SEARCH_LIMIT}`)
  }
  return limit
}

/**
 * Searches the log; a `--where` the filter language refuses is annotated so that the error printer
 * underlines the offending token.
 */
export async function searchLogged(
  log: PredictionLogStore,
  query: PredictionQuery,
): Promise<PredictionRecord[]> {
  try {
    return await log.search(query)
  } catch (error) {
    if (error instanceof ShipyardError && error.details.field === 'where' && query.where !== undefined) {
      throw annotateError(error, query.where)
    }
    throw error
  }
}
