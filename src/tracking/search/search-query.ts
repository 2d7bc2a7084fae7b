import { invalidValue } from '../../shared/index.js'
import type { SearchRunsQuery, ViewType } from '../types.js'
import { parseFilter } from './filter-parser.js'
import { parseOrderBy } from './order-by-parser.js'
import { queryFingerprint } from './page-token.js'
import type { FilterClause, OrderKey } from './search-ast.js'

/** MLflow's bounds for `max_results` of a run search. */
export const DEFAULT_MAX_RESULTS = 1000
export const MAX_MAX_RESULTS = 50_000

const VIEW_TYPES: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']

/** A validated run search: defaults applied, filter and order parsed, fingerprint computed. */
export interface ResolvedSearch {
  /** Sorted and without duplicates; empty means every experiment. */
  readonly experimentIds: readonly string[]
  readonly clauses: readonly FilterClause[]
  readonly orderKeys: readonly OrderKey[]
  readonly viewType: ViewType
  readonly maxResults: number
  /** Absent when the query had none (or an empty one, as some MLflow clients send). */
  readonly pageToken: string | undefined
  /** Identifies everything but the page size and token; see `queryFingerprint`. */
  readonly fingerprint: string
}

/**
 * Validates a `SearchRunsQuery` and applies its defaults: every experiment, ACTIVE_ONLY, 1000
 * results, start time descending. Throws `INVALID_PARAMETER_VALUE` naming `max_results`,
 * `view_type` or `experiment_ids`, and `SHIPYARD_FILTER_INVALID` for the filter or order by.
 */
export function resolveSearchRunsQuery(query: SearchRunsQuery): ResolvedSearch {
  const maxResults = query.maxResults ?? DEFAULT_MAX_RESULTS
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_MAX_RESULTS) {
    throw invalidValue(
      'max_results',
      `must be an integer from 1 to ${MAX_MAX_RESULTS}, got ${String(query.maxResults)}`,
    )
  }
  const viewType = query.viewType ?? 'ACTIVE_ONLY'
  if (!VIEW_TYPES.includes(viewType)) {
    throw invalidValue('view_type', `must be one of ${VIEW_TYPES.join(', ')}, got '${String(viewType)}'`)
  }
  const ids = query.experimentIds ?? []
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
    throw invalidValue('experiment_ids', 'must be a list of experiment ids (non-empty strings)')
  }
  const experimentIds = [...new Set(ids)].sort()
  const clauses = parseFilter(query.filter ?? '')
  const orderKeys = parseOrderBy(query.orderBy ?? [])
  const fingerprint = queryFingerprint([experimentIds, clauses, orderKeys, viewType])
  const pageToken = query.pageToken === '' ? undefined : query.pageToken
  return { experimentIds, clauses, orderKeys, viewType, maxResults, pageToken, fingerprint }
}
