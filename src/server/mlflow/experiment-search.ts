import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { Experiment, Page, TrackingStore, ViewType } from '../../tracking/index.js'
import { parseExperimentFilter } from './experiment-filter.js'

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
/** Store pages read per step when filtering, so a selective filter does not cost one query per match. */
const MIN_CHUNK = 100

/**
 * Searches experiments, filtering in memory over the store's pages (see `parseExperimentFilter`).
 * Without a filter the store pages directly and its tokens pass through. With one, a token names a
 * store page and an offset in it, so paging stays keyset-based; an experiment deleted or restored
 * inside an already-read page can shift that offset by one, which MLflow's offset tokens also allow.
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
  const cursor =
    query.pageToken === undefined
      ? { n: Math.max(maxResults, MIN_CHUNK), o: 0 }
      : decodeCursor(query.pageToken)
  let storeToken = cursor.s
  let skip = cursor.o
  const items: Experiment[] = []
  for (;;) {
    const page = await store.searchExperiments({
      viewType,
      maxResults: cursor.n,
      ...(storeToken ? { pageToken: storeToken } : {}),
    })
    for (let i = skip; i < page.items.length; i++) {
      const experiment = page.items[i] as Experiment
      if (!matches(experiment)) continue
      items.push(experiment)
      if (items.length < maxResults) continue
      // Looking ahead in the page already read spares the client a last, empty page in the common case.
      if (page.items.slice(i + 1).some(matches)) {
        return { items, nextPageToken: encodeCursor({ s: storeToken, o: i + 1, n: cursor.n }) }
      }
      return page.nextPageToken === undefined
        ? { items }
        : { items, nextPageToken: encodeCursor({ s: page.nextPageToken, o: 0, n: cursor.n }) }
    }
    if (page.nextPageToken === undefined) return { items }
    storeToken = page.nextPageToken
    skip = 0
  }
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

/** Where a filtered listing resumes: the store page (`s`, absent for the first), the offset in it, the page size. */
interface Cursor {
  readonly s?: string | undefined
  readonly o: number
  readonly n: number
}

function encodeCursor(cursor: Cursor): string {
  return `f.${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`
}

function decodeCursor(token: string): Cursor {
  try {
    if (token.startsWith('f.')) {
      const { s, o, n } = JSON.parse(
        Buffer.from(token.slice(2), 'base64url').toString('utf8'),
      ) as Partial<Cursor>
      const validStore = s === undefined || typeof s === 'string'
      if (
        validStore &&
        Number.isSafeInteger(o) &&
        Number.isSafeInteger(n) &&
        (o as number) >= 0 &&
        (n as number) > 0
      ) {
        return { s, o: o as number, n: n as number }
      }
    }
  } catch {
    // reported below
  }
  throw new ShipyardError(
    'SHIPYARD_PAGE_TOKEN_INVALID',
    `page_token '${token.slice(0, 40)}' was not given by this filtered search`,
    {
      details: { field: 'page_token' },
    },
  )
}

function pick(query: ExperimentSearchQuery): { maxResults?: number; pageToken?: string } {
  return {
    ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
    ...(query.pageToken === undefined ? {} : { pageToken: query.pageToken }),
  }
}
