import { ShipyardError } from '../../shared/index.js'
import type { Page } from '../../tracking/index.js'

/** Reads one page of a store's own listing. */
export type PageReader<T> = (page: {
  readonly maxResults: number
  readonly pageToken?: string
}) => Promise<Page<T>>

/** What a filtered search asks for, and the largest page its store serves (the chunk read per step at most). */
export interface FilteredSearchOptions {
  readonly maxResults: number
  readonly pageToken?: string | undefined
  readonly largestPage: number
}

/** Pages read per step at least, so a selective filter does not cost one query per match. */
const MIN_CHUNK = 100

/**
 * One page of `maxResults` items that `matches` accepts, read through `read` in chunks and filtered in
 * memory: MLflow's filters say more than the stores' queries can. The token names a store page
 * and an offset in it, so paging stays keyset-based underneath; an item deleted or restored inside
 * a page already read can shift that offset by one, as MLflow's own offset tokens allow. A token
 * this search did not give is `SHIPYARD_PAGE_TOKEN_INVALID`.
 */
export async function searchFiltered<T>(
  read: PageReader<T>,
  matches: (item: T) => boolean,
  options: FilteredSearchOptions,
): Promise<Page<T>> {
  const { maxResults, largestPage } = options
  const chunk = Math.min(Math.max(maxResults, MIN_CHUNK), largestPage)
  const cursor = options.pageToken ? decodeCursor(options.pageToken, largestPage) : { o: 0, n: chunk }
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

/** Where a search resumes: the store page (`s`, absent for the first), the offset in it, the page size. */
interface Cursor {
  readonly s?: string | undefined
  readonly o: number
  readonly n: number
}

function encodeCursor(cursor: Cursor): string {
  return `f.${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`
}

function decodeCursor(token: string, largestPage: number): Cursor {
  try {
    if (token.startsWith('f.')) {
      const { s, o, n } = JSON.parse(
        Buffer.from(token.slice(2), 'base64url').toString('utf8'),
      ) as Partial<Cursor>
      const offset = Number.isSafeInteger(o) && (o as number) >= 0
      const size = Number.isSafeInteger(n) && (n as number) > 0 && (n as number) <= largestPage
      if ((s === undefined || typeof s === 'string') && offset && size)
        return { s, o: o as number, n: n as number }
    }
  } catch {
    // reported below
  }
  throw new ShipyardError(
    'SHIPYARD_PAGE_TOKEN_INVALID',
    `page_token '${token.slice(0, 40)}' was not given by this filtered search`,
    { details: { field: 'page_token' } },
  )
}
