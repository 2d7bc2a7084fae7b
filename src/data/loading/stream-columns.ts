import { ShipyardError } from '../../shared/index.js'
import { DUCK_TYPE_FOR } from './column-plan.js'
import type { ColumnSink } from './column-sinks.js'
import { describeDuckType, translateDuckDbError } from './duckdb-errors.js'
import type { ChunkStream, DuckSession, ResultChunk } from './duckdb-session.js'
import type { BadRowPolicy, DroppedRow } from './load-types.js'
import type { BadValueCheck } from './relation-plan.js'

/** What streaming saw: every row the query returned, and the ones left out. */
export interface StreamOutcome {
  readonly rowsSeen: number
  readonly droppedCount: number
  /** The first dropped rows, at most five. */
  readonly droppedExamples: readonly DroppedRow[]
}

const EXAMPLES = 5

/**
 * Streams `sql` into `sinks` (one per leading result column, in order), chunk by chunk, with no
 * per-row objects. The result's last `checks.length` columns are value checks: non-NULL where a
 * type conversion failed. A chunk whose checks are all NULL is copied whole (the fast path); a
 * failed value fails the load at once (`policy` 'fail': `INVALID_PARAMETER_VALUE` naming the
 * source, the 1-based row, the column and the value) or drops its row and is counted ('drop').
 */
export async function streamColumns(
  session: DuckSession,
  sql: string,
  sinks: readonly ColumnSink[],
  checks: readonly BadValueCheck[],
  policy: BadRowPolicy,
  label: string,
): Promise<StreamOutcome> {
  const dropped: DroppedRow[] = []
  let droppedCount = 0
  let rowsSeen = 0
  let stream: ChunkStream | undefined
  try {
    stream = await session.stream(sql)
    for (let chunk = await stream.next(); chunk !== null; chunk = await stream.next()) {
      const bad = checks.length === 0 ? null : screen(chunk, sinks.length, checks, rowsSeen)
      let keep: Int32Array | null = null
      if (bad !== null) {
        if (policy === 'fail') throw badValueError(bad[0]!, label)
        droppedCount += bad.length
        for (const row of bad) if (dropped.length < EXAMPLES) dropped.push(row)
        keep = keptRows(chunk.rowCount, bad, rowsSeen)
      }
      for (let j = 0; j < sinks.length; j++) sinks[j]!.append(chunk.vector(j), chunk.rowCount, keep)
      rowsSeen += chunk.rowCount
    }
  } catch (error) {
    throw translateDuckDbError(error, label)
  } finally {
    await stream?.settle()
  }
  return { rowsSeen, droppedCount, droppedExamples: dropped }
}

/** The chunk's failed values, one per bad row (its first failing column), or null when none. */
function screen(
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
