import { ShipyardError } from '../../shared/index.js'
import type { Page } from '../../tracking/index.js'
import { invalidWireValue, optionalInt64FromWire, type WireInt64 } from './wire-mapping.js'
import { INT64, requestSchema, STRING, STRING_LIST } from './wire-schemas.js'

/** The query string of `registered-models/search` and `model-versions/search`. */
export interface RegistrySearchParams {
  readonly filter?: string
  readonly max_results?: WireInt64
  readonly order_by?: readonly string[]
  readonly page_token?: string
}

/** Its schema. */
export const REGISTRY_SEARCH_SCHEMA = requestSchema({
  filter: STRING,
  max_results: INT64,
  order_by: STRING_LIST,
  page_token: STRING,
})

/** `max_results`: `fallback` when absent, else 1 to `limit` (MLflow's bounds differ per search). */
export function maxResultsFromWire(value: WireInt64 | undefined, fallback: number, limit: number): number {
  const maxResults = optionalInt64FromWire('max_results', value) ?? fallback
  if (maxResults < 1 || maxResults > limit)
    throw invalidWireValue('max_results', value, `expected 1 to ${limit}`)
  return maxResults
}

/** Reads one page of the registry's own listing. */
export type PageReader<T> = (page: {
  readonly maxResults: number
  readonly pageToken?: string
}) => Promise<Page<T>>

/** The registry's largest page; the chunk read per step. */
const STORE_PAGE_LIMIT = 1000
/** Pages read per step at least, so a selective filter does not cost one query per match. */
const MIN_CHUNK = 100

/**
 * One page of `maxResults` items that `matches` accepts, read through `read` in chunks and filtered in
 * memory: MLflow's filters say more than the registry's queries can. The token names a registry page
 * and an offset in it, so paging stays keyset-based underneath; an item deleted inside a page
 * already read can shift that offset by one, as MLflow's own offset tokens allow. A token this
 * search did not give is `SHIPYARD_PAGE_TOKEN_INVALID`.
 */
export async function searchFiltered<T>(
  read: PageReader<T>,
  matches: (item: T) => boolean,
  options: { readonly maxResults: number; readonly pageToken?: string | undefined },
): Promise<Page<T>> {
  const { maxResults } = options
  const chunk = Math.min(Math.max(maxResults, MIN_CHUNK), STORE_PAGE_LIMIT)
  const cursor = options.pageToken ? decodeCursor(options.pageToken) : { o: 0, n: chunk }
  let storeToken = cursor.s
  let skip = cursor.o
  const items: T[] = []
  for (;;) {
    const page = await read({ maxResults: cursor.n, ...(storeToken ? { pageToken: storeToken } : {}) })
    for (let i = skip; i < page.items.length; i++) {
      const item = page.items[i] as T
      if (!matches(item)) continue
      items.push(item)
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

/** Where a search resumes: the registry page (`s`, absent for the first), the offset in it, the page size. */
interface Cursor {
  readonly s?: string | undefined
  readonly o: number
  readonly n: number
}

function encodeCursor(cursor: Cursor): string {
  return `r.${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`
}

function decodeCursor(token: string): Cursor {
  try {
    if (token.startsWith('r.')) {
      const { s, o, n } = JSON.parse(
        Buffer.from(token.slice(2), 'base64url').toString('utf8'),
      ) as Partial<Cursor>
      const offset = Number.isSafeInteger(o) && (o as number) >= 0
      const size = Number.isSafeInteger(n) && (n as number) > 0 && (n as number) <= STORE_PAGE_LIMIT
      if ((s === undefined || typeof s === 'string') && offset && size)
        return { s, o: o as number, n: n as number }
    }
  } catch {
    // reported below
  }
  throw new ShipyardError(
    'SHIPYARD_PAGE_TOKEN_INVALID',
    `page_token '${token.slice(0, 40)}' was not given by this search`,
    { details: { field: 'page_token' } },
  )
}
