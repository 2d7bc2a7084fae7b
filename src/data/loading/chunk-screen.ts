import { ShipyardError } from '../../shared/index.js'
import { DUCK_TYPE_FOR } from './column-plan.js'
import { describeDuckType } from './duckdb-errors.js'
import type { ResultChunk } from './duckdb-session.js'
import type { BadRowPolicy, DroppedRow } from './load-types.js'
import type { BadValueCheck } from './relation-plan.js'

/** Which rows of a streamed chunk to copy, and the ones left out. */
export interface ScreenedChunk {
  /** The rows to copy, ascending; null copies them all (the fast path). */
  readonly keep: Int32Array | null
  /** The rows dropped, one per bad row (its first failing column), in order. */
  readonly dropped: readonly DroppedRow[]
}

const ALL_KEPT: ScreenedChunk = { keep: null, dropped: [] }

/**
 * Screens one streamed chunk whose columns from `firstCheck` on are value checks (non-NULL where a
 * type conversion failed). `offset` is the number of rows streamed before this chunk, so rows are
 * numbered from 1 in source order. A failed value fails the load at once (`policy` 'fail':
 * `INVALID_PARAMETER_VALUE` naming the source, the row, the column and the value) or drops its row
 * ('drop').
 */
export function screenChunk(
  chunk: ResultChunk,
  firstCheck: number,
  checks: readonly BadValueCheck[],
  offset: number,
  policy: BadRowPolicy,
  label: string,
): ScreenedChunk {
  const bad = checks.length === 0 ? null : badRows(chunk, firstCheck, checks, offset)
  if (bad === null) return ALL_KEPT
  if (policy === 'fail') throw badValueError(bad[0]!, label)
  return { keep: keptRows(chunk.rowCount, bad, offset), dropped: bad }
}

/** The chunk's failed values, one per bad row (its first failing column), or null when none. */
function badRows(
  chunk: ResultChunk,
  firstCheck: number,
  checks: readonly BadValueCheck[],
  offset: number,
): DroppedRow[] | null {
  let bad: Map<number, DroppedRow> | null = null
  for (let k = 0; k < checks.length; k++) {
    const vector = chunk.vector(firstCheck + k)
    const check = checks[k]!
    for (let i = 0; i < chunk.rowCount; i++) {
      const value = vector.getItem(i)
      if (value === null || bad?.has(i)) continue
      bad ??= new Map()
      const text = String(value)
      bad.set(i, {
        row: offset + i + 1,
        column: check.column,
        value: text,
        reason: `'${text}' is not ${describeDuckType(DUCK_TYPE_FOR[check.type])}`,
      })
    }
  }
  return bad === null ? null : [...bad.values()].sort((a, b) => a.row! - b.row!)
}

function keptRows(count: number, bad: readonly DroppedRow[], offset: number): Int32Array {
  const keep = new Int32Array(count - bad.length)
  let next = 0
  let b = 0
  for (let i = 0; i < count; i++) {
    if (b < bad.length && bad[b]!.row === offset + i + 1) {
      b++
      continue
    }
    keep[next++] = i
  }
  return keep
}

function badValueError(row: DroppedRow, label: string): ShipyardError {
  return new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `${label} row ${row.row}, column '${row.column}': ${row.reason} (badRows: 'drop' skips such rows and reports them)`,
    { details: { source: label, row: row.row, column: row.column, value: row.value } },
  )
}
