import { invalidValue } from '../../shared/index.js'
import type { Experiment, Page, TrackingStore, ViewType } from '../../tracking/index.js'
import { parseExperimentFilter } from './experiment-filter.js'
import { searchFiltered } from './filtered-search.js'

/** An experiment search as MLflow's `experiments/search` takes it. */
export interface ExperimentSearchQuery {
  readonly filter?: string
  readonly viewType?: ViewType
  /** Default 1000, at most 50000 (MLflow's limits). */
  readonly maxResults?: number
  readonly pageToken?: string
  /** Only the store's own order (newest first) is supported; any clause is refused. */
  readonly orderBy?: readonly string[]
}

const DEFAULT_MAX_RESULTS = 1000
const MAX_RESULTS_LIMIT = 50_000

/**
 * Searches experiments, filtering in memory over the store's pages (see `parseExperimentFilter`).
 * Without a filter the store pages directly and its tokens pass through; with one, `searchFiltered`
 * pages over the store and gives its own tokens.
 */
export async function searchExperimentPage(
  store: TrackingStore,
  query: ExperimentSearchQuery,
): Promise<Page<Experiment>> {
  if (query.orderBy !== undefined && query.orderBy.length > 0) {
    throw invalidValue(
      'order_by',
      `ordering experiments is not supported (got ${JSON.stringify(query.orderBy)}); results come newest first`,
    )
  }
  const viewType = query.viewType ?? 'ACTIVE_ONLY'
  if (query.filter === undefined || query.filter.trim() === '') {
    return store.searchExperiments({ viewType, ...pick(query) })
  }
  const matches = parseExperimentFilter(query.filter)
  const maxResults = query.maxResults ?? DEFAULT_MAX_RESULTS
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) {
    throw invalidValue('max_results', `must be an integer from 1 to ${MAX_RESULTS_LIMIT}, got ${maxResults}`)
  }
  return searchFiltered((chunk) => store.searchExperiments({ viewType, ...chunk }), matches, {
    maxResults,
    pageToken: query.pageToken,
    largestPage: MAX_RESULTS_LIMIT,
  })
}

/** Every experiment of a view, all pages read: the legacy `experiments/list` without `max_results`. */
export async function listAllExperiments(store: TrackingStore, viewType: ViewType): Promise<Experiment[]> {
  const all: Experiment[] = []
  let pageToken: string | undefined
  do {
    const page = await store.searchExperiments({
      viewType,
      maxResults: MAX_RESULTS_LIMIT,
      ...(pageToken ? { pageToken } : {}),
    })
    all.push(...page.items)
    pageToken = page.nextPageToken
  } while (pageToken !== undefined)
  return all
}

function pick(query: ExperimentSearchQuery): { maxResults?: number; pageToken?: string } {
  return {
    ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
    ...(query.pageToken === undefined ? {} : { pageToken: query.pageToken }),
  }
}
