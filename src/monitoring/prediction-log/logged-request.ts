import { ShipyardError } from '../../shared/index.js'
import type { PredictionLogStore, PredictionRecord, TrafficArm } from './prediction-log.js'
import { MAX_SEARCH_LIMIT } from './prediction-query-sql.js'

// The answering arm first, then the shadow that mirrored it.
const ARM_ORDER: Readonly<Record<TrafficArm, number>> = { primary: 0, canary: 1, pinned: 2, shadow: 3 }

/**
 * Every logged record of one request: its rows for the arm that answered, then a shadow's, each by
 * row. `RESOURCE_DOES_NOT_EXIST` naming the id when the log holds none (never logged, not sampled,
 * or removed by retention). `logs show`, `GET /predictions/{id}` and `replay ID` all read a request
 * through this.
 */
export async function loggedRequest(
  log: Pick<PredictionLogStore, 'search'>,
  requestId: string,
): Promise<PredictionRecord[]> {
  const records = await log.search({ requestId, limit: MAX_SEARCH_LIMIT })
  if (records.length === 0) {
    throw new ShipyardError(
      'RESOURCE_DOES_NOT_EXIST',
      `request '${requestId}' is not in the prediction log (not logged, not sampled, or past retention)`,
      { details: { requestId } },
    )
  }
  return records.sort((a, b) => ARM_ORDER[a.arm] - ARM_ORDER[b.arm] || a.row - b.row)
}
