import { screenChunk } from './chunk-screen.js'
import type { ColumnSink } from './column-sinks.js'
import { translateDuckDbError } from './duckdb-errors.js'
import type { ChunkStream, DuckSession } from './duckdb-session.js'
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
      const { keep, dropped: bad } = screenChunk(chunk, sinks.length, checks, rowsSeen, policy, label)
      droppedCount += bad.length
      for (const row of bad) if (dropped.length < EXAMPLES) dropped.push(row)
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
