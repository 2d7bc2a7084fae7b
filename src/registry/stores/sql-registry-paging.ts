import { createHash } from 'node:crypto'
import { invalidValue, ShipyardError } from '../../shared/index.js'

/** A keyset cursor: the sort values of a page's last row. */
export type Cursor = readonly (string | number)[]

const DEFAULT_PAGE = 100
const MAX_PAGE = 1000

/** The page size: 1 to 1000, default 100 (field named as MLflow does). */
export function registryPageSize(value: number | undefined): number {
  if (value === undefined) return DEFAULT_PAGE
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE) {
    throw invalidValue('max_results', `must be an integer from 1 to ${MAX_PAGE}, got ${value}`)
  }
  return value
}

/**
 * An opaque token: the last row's cursor and a hash of the query's filters, so that a token is
 * refused by any other query rather than silently paging through a different result.
 */
export function encodeRegistryToken(filters: unknown, cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ q: fingerprint(filters), k: cursor })).toString('base64url')
}

/**
 * The cursor a token holds, checked against the query's filters and the cursor's types
 * (`'string'`/`'number'` per sort column); `SHIPYARD_PAGE_TOKEN_INVALID` otherwise, whatever it holds.
 */
export function decodeRegistryToken(
  token: string,
  filters: unknown,
  types: readonly ('string' | 'number')[],
): Cursor {
  let body: { q?: unknown; k?: unknown } | null = null
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    // reported below
  }
  const k = body?.k
  const fits =
    Array.isArray(k) &&
    k.length === types.length &&
    k.every((value, i) => typeof value === types[i] && (typeof value !== 'number' || Number.isFinite(value)))
  if (!fits) throw invalidToken(token, 'it is not a page token this listing gave')
  if (body?.q !== fingerprint(filters)) {
    throw invalidToken(token, 'it belongs to another query: keep the filters the same while paging')
  }
  return k as Cursor
}

function fingerprint(filters: unknown): string {
  return createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 22)
}

function invalidToken(token: string, reason: string): ShipyardError {
  return new ShipyardError('SHIPYARD_PAGE_TOKEN_INVALID', `page_token '${token.slice(0, 40)}': ${reason}`, {
    details: { field: 'page_token' },
  })
}
