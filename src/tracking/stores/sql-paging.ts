import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { LifecycleStage, ViewType } from '../types.js'

/** Validates a page size: an integer from 1 to `max`, `fallback` when absent. Field named as MLflow does. */
export function pageSize(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw invalidValue('max_results', `must be an integer from 1 to ${max}, got ${value}`)
  }
  return value
}

/** The lifecycle stages a view type includes. */
export function stagesFor(viewType: ViewType | undefined): LifecycleStage[] {
  switch (viewType ?? 'ACTIVE_ONLY') {
    case 'ACTIVE_ONLY':
      return ['active']
    case 'DELETED_ONLY':
      return ['deleted']
    case 'ALL':
      return ['active', 'deleted']
    default:
      throw invalidValue('view_type', `'${viewType}' is not one of ACTIVE_ONLY, DELETED_ONLY, ALL`)
  }
}

interface ExperimentCursor {
  readonly creationTime: number
  readonly experimentId: string
}

/** An opaque keyset token: the last experiment of the page. */
export function encodeExperimentToken(row: { creation_time: number; experiment_id: string }): string {
  return Buffer.from(JSON.stringify({ e: [row.creation_time, row.experiment_id] })).toString('base64url')
}

export function decodeExperimentToken(token: string): ExperimentCursor {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { e?: unknown }
    const [creationTime, experimentId] = Array.isArray(parsed.e) ? parsed.e : []
    if (typeof creationTime === 'number' && typeof experimentId === 'string')
      return { creationTime, experimentId }
  } catch {
    // fall through to the error below
  }
  throw new ShipyardError(
    'SHIPYARD_PAGE_TOKEN_INVALID',
    `page_token '${token.slice(0, 40)}' is not a token this listing gave`,
    {
      details: { field: 'page_token' },
    },
  )
}
