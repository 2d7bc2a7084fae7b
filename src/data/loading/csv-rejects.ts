import { describeCsvProblem } from './duckdb-errors.js'
import type { DuckSession } from './duckdb-session.js'
import type { DroppedRow } from './load-types.js'
import type { ReaderRejects } from './source.js'
import { ident } from './sql-text.js'

const EXAMPLES = 5

/**
 * The lines DuckDB's CSV reader skipped, from its rejects table. DuckDB may record several errors
 * for one line (one per extra field); a line counts once, and its example says the worst: for a
 * ragged line, the number of fields it really has.
 */
export async function readCsvRejects(session: DuckSession, table: string): Promise<ReaderRejects> {
  const from = ident(table)
  let count: number
  try {
    const [row] = await session.rows(`SELECT count(DISTINCT line) AS n FROM ${from}`)
    count = Number(row?.n ?? 0)
  } catch {
    // The table exists only once a scan ran; no scan, nothing rejected.
    return { count: 0, examples: [] }
  }
  if (count === 0) return { count, examples: [] }
  const rows = await session.rows(
    `SELECT line, column_idx, column_name, CAST(error_type AS VARCHAR) AS error_type, error_message FROM ${from} ` +
      `WHERE line IN (SELECT DISTINCT line FROM ${from} ORDER BY line LIMIT ${EXAMPLES}) ORDER BY line, column_idx`,
  )
  const byLine = new Map<number, Record<string, unknown>[]>()
  for (const row of rows) {
    const line = Number(row.line)
    byLine.set(line, [...(byLine.get(line) ?? []), row])
  }
  const examples = [...byLine].map(([line, errors]): DroppedRow => {
    // Extra fields are reported one by one, the last with the real count.
    const worst = errors.findLast((e) => e.error_type === 'TOO MANY COLUMNS') ?? errors[0]!
    const problem = describeCsvProblem(String(worst.error_message), worst.column_name as string | null)
    return { line, ...problem }
  })
  return { count, examples }
}
