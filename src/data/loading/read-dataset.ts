import { Dataset } from '../dataset.js'
import { categoricalMaxDistinct } from '../schema/index.js'
import { columnBuilders } from './build-columns.js'
import { DuckSession } from './duckdb-session.js'
import { checkReadOptions, planLoad, rejectedLinesError } from './load-plan.js'
import type { DataSource, DroppedRow, LoadResult, ReadOptions } from './load-types.js'
import { openSource } from './open-source.js'
import { finalQuery } from './relation-plan.js'
import type { OpenedSource } from './source.js'
import { streamColumns } from './stream-columns.js'

const EXAMPLES = 5
const DEFAULT_CAPACITY = 4096

/**
 * Loads a dataset through DuckDB into typed columns (no row objects): a CSV/TSV, Parquet or
 * JSON-lines file, a DuckDB query over files, or a PostgreSQL query. Each call uses its own
 * in-memory DuckDB, so calls may run concurrently.
 *
 * Types are inferred (see `inferColumnType`): numbers numeric, booleans boolean, dates and
 * timestamps datetime (epoch ms, UTC), strings categorical or text; `options.types` overrides
 * them. `options.derived` adds SQL expressions evaluated by DuckDB over the (overridden) columns.
 *
 * Bad input, each defined (messages name the file, the line or row, and the column):
 * - missing file: `RESOURCE_DOES_NOT_EXIST`; empty file (no header, no rows): `INVALID_PARAMETER_VALUE`.
 * - ragged or unparsable CSV line (`tx.csv line 17: expected 5 columns, found 7`), or a value
 *   that does not convert to an overridden type: `INVALID_PARAMETER_VALUE` with the first one and
 *   the count, unless `badRows: 'drop'`, which drops them and reports count and examples.
 * - malformed JSON line: `INVALID_PARAMETER_VALUE` naming the line (whatever badRows says).
 * - repeated column names (ignoring case, as DuckDB does): `INVALID_PARAMETER_VALUE`.
 * - a column that is entirely null: kept, typed from the override, the source's type, or numeric
 *   (text sources), and noted in the report.
 * - NaN and ±Infinity: kept as values (`nan`, `inf`, `-Infinity` parse in CSV); NaN is missing.
 *
 * @example
 * const { dataset, report } = await readDataset({ path: 'tx.csv' }, {
 *   types: { zip: 'categorical' },
 *   derived: [{ name: 'ratio', sql: 'amount / nullif(income, 0)' }],
 * })
 */
export async function readDataset(source: DataSource, options: ReadOptions = {}): Promise<LoadResult> {
  checkReadOptions(options)
  const session = await DuckSession.open()
  try {
    const opened = await openSource(source, { session, options })
    return await load(session, opened, options)
  } finally {
    session.close()
  }
}

async function load(session: DuckSession, opened: OpenedSource, options: ReadOptions): Promise<LoadResult> {
  const { label } = opened
  const float32 = options.float32 ?? false
  const policy = options.badRows ?? 'fail'
  const layer = await planLoad(session, opened, options)

  const builders = columnBuilders(layer.columns, {
    float32,
    maxDistinct: categoricalMaxDistinct(options),
    capacity: opened.rowCountHint ?? DEFAULT_CAPACITY,
  })
  const streamed = await streamColumns(
    session,
    finalQuery(layer, float32),
    builders.map((b) => b.sink),
    layer.checks,
    policy,
    label,
  )
  const rejects = opened.rejects ? await opened.rejects() : { count: 0, examples: [] }
  if (rejects.count > 0 && policy === 'fail') throw rejectedLinesError(rejects, label)

  const rowCount = streamed.rowsSeen - streamed.droppedCount
  const notes: string[] = rowCount === 0 ? [`${label} has no rows`] : []
  const built = builders.map((b) => b.finish(rowCount))
  for (const b of built) notes.push(...b.notes)
  const dataset = Dataset.fromColumns(built.map((b) => b.column))
  // The same as `dataset.schema`, from the builders' one-pass scans rather than a second one.
  const schema = {
    columns: built.map((b) => ({ name: b.column.name, type: b.column.type, nullable: b.nullable })),
  }
  const droppedExamples: DroppedRow[] = [...rejects.examples, ...streamed.droppedExamples].slice(0, EXAMPLES)
  return {
    dataset,
    schema,
    report: {
      source: label,
      rowsRead: streamed.rowsSeen + rejects.count,
      rowsDropped: streamed.droppedCount + rejects.count,
      droppedExamples,
      notes,
    },
  }
}
