import { createHash } from 'node:crypto'
import { ShipyardError } from '../../shared/index.js'
import { type Cursor, RANK_VALUE, type SortColumn } from './sort-plan.js'

const VERSION = 1

/**
 * A short hash of everything that defines a result order and set, except the page size: a token
 * carries it so that it is refused by any other query. `parts` must be JSON-serialisable but for
 * non-finite numbers, which are kept apart.
 */
export function queryFingerprint(parts: unknown): string {
  const json = JSON.stringify(parts, (_key, value: unknown) =>
    typeof value === 'number' ? nonFinite(value) : value,
  )
  return createHash('sha256').update(json).digest('base64url').slice(0, 22)
}

/** JSON turns ±Infinity into null; spell them out so that `> 1e999` and `> -1e999` differ. */
function nonFinite(value: number): number | string {
  return Number.isFinite(value) ? value : String(value)
}

/**
 * Encodes the last row's cursor as an opaque base64url token:
 * `{"v":1,"q":<fingerprint>,"k":[[rank,value],...]}`. Non-finite numbers, which JSON cannot
 * hold, travel as the strings "Infinity" and "-Infinity".
 */
export function encodePageToken(fingerprint: string, cursor: Cursor): string {
  const k = cursor.map(([rank, value]) => [rank, typeof value === 'number' ? nonFinite(value) : value])
  return Buffer.from(JSON.stringify({ v: VERSION, q: fingerprint, k })).toString('base64url')
}

/**
 * Decodes and checks a token against the query it is used with: same fingerprint, one well-typed
 * (rank, value) pair per sort column. Throws `SHIPYARD_PAGE_TOKEN_INVALID` otherwise, never
 * anything else, whatever the token holds.
 */
export function decodePageToken(token: string, fingerprint: string, columns: readonly SortColumn[]): Cursor {
  let payload: unknown
  try {
    payload = /^[A-Za-z0-9_-]+$/.test(token)
      ? JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
      : undefined
  } catch {
    payload = undefined
  }
  const body = payload as { v?: unknown; q?: unknown; k?: unknown } | null | undefined
  if (typeof body !== 'object' || body === null || body.v !== VERSION || !Array.isArray(body.k)) {
    throw invalid('it is not a page token this server issued')
  }
  if (body.q !== fingerprint) {
    throw invalid(
      'it belongs to another query: keep experiment ids, filter, order by and view type the same while paging',
    )
  }
  const entries: unknown[] = body.k
  if (entries.length !== columns.length) throw invalid('it does not match the sort order')
  return columns.map((column, i) => decodeEntry(entries[i], column))
}

function decodeEntry(entry: unknown, column: SortColumn): readonly [number, number | string | null] {
  if (!Array.isArray(entry) || entry.length !== 2) throw invalid('malformed cursor')
  const [rank, raw] = entry as [unknown, unknown]
  if (typeof rank !== 'number' || !column.ranks.includes(rank)) throw invalid('malformed cursor rank')
  if (rank !== RANK_VALUE) {
    if (raw !== null) throw invalid('malformed cursor value')
    return [rank, null]
  }
  if (column.type === 'string' && typeof raw === 'string') return [rank, raw]
  if (column.type === 'number') {
    if (typeof raw === 'number' && Number.isFinite(raw)) return [rank, raw]
    if (raw === 'Infinity' || raw === '-Infinity') return [rank, Number(raw)]
  }
  throw invalid('malformed cursor value')
}

function invalid(reason: string): ShipyardError {
  return new ShipyardError('SHIPYARD_PAGE_TOKEN_INVALID', `page_token: invalid token, ${reason}`, {
    details: { field: 'page_token' },
  })
}
