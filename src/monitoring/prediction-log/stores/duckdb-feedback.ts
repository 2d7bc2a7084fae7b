import { labelKey, sortLabels } from '../feedback-outcome.js'
import type { FeedbackLabel } from '../prediction-log.js'
import type { DuckEngine, DuckSessionCalls, StagedColumn } from './duck-engine.js'
import { readParquet } from './duck-relation.js'
import type { DataFile } from './partition-files.js'

/**
 * Feedback labels of the embedded store: one Parquet file per accepted batch under `feedback/`,
 * columns `request_id`, `row`, `label` (the value as JSON text, so its type survives), `time` and
 * `arrival` (a number increasing with every label this process stores, for "latest by time, then
 * arrival"). Merged like an open partition.
 */

/** The columns of the labels to store, `arrival` counting up from `firstArrival`. */
export function labelColumns(
  labels: readonly (FeedbackLabel & { readonly row: number })[],
  firstArrival: bigint,
): StagedColumn[] {
  return [
    { name: 'request_id', type: 'VARCHAR', values: labels.map((l) => l.requestId) },
    { name: 'row', type: 'INTEGER', values: labels.map((l) => l.row) },
    { name: 'label', type: 'VARCHAR', values: labels.map((l) => JSON.stringify(l.label)) },
    { name: 'time', type: 'DOUBLE', values: labels.map((l) => l.time) },
    { name: 'arrival', type: 'BIGINT', values: labels.map((_, i) => firstArrival + BigInt(i)) },
  ]
}

/**
 * Sorts `labels` (checked, in arrival order) against the logged rows in `predictions` and the labels
 * already in `feedback`: one scan of each for the batch's keys only.
 */
export async function sortAgainstStore(
  engine: DuckEngine,
  labels: readonly (FeedbackLabel & { readonly row: number })[],
  predictions: readonly DataFile[],
  feedback: readonly DataFile[],
) {
  return engine.session(async (session) => {
    const keys = new Map(labels.map((l) => [labelKey(l.requestId, l.row), l]))
    await session.stage(
      'label_keys',
      [
        { name: 'request_id', type: 'VARCHAR', values: [...keys.values()].map((l) => l.requestId) },
        { name: 'row', type: 'INTEGER', values: [...keys.values()].map((l) => l.row) },
      ],
      keys.size,
    )
    const logged = await keysIn(session, predictions)
    const labelled = await keysIn(session, feedback)
    return sortLabels(labels, (key) => logged.has(key), labelled)
  })
}

/** The latest label of each (request, row): a relation of `request_id`, `row`, `label`, `time`. */
export function latestLabels(feedback: readonly DataFile[]): string {
  return (
    `(SELECT request_id, "row", label, time FROM ${readParquet(feedback)} ` +
    'QUALIFY row_number() OVER (PARTITION BY request_id, "row" ORDER BY time DESC, arrival DESC) = 1)'
  )
}

/** A stored label's value, as it was given. */
export function labelValue(json: string): string | number | boolean {
  return JSON.parse(json) as string | number | boolean
}

async function keysIn(session: DuckSessionCalls, files: readonly DataFile[]): Promise<Set<string>> {
  if (files.length === 0) return new Set()
  const { rows } = await session.rows(
    `SELECT k.request_id, k."row" FROM label_keys k SEMI JOIN ${readParquet(files)} f ` +
      'ON f.request_id = k.request_id AND f."row" = k."row"',
  )
  return new Set(rows.map(([requestId, row]) => labelKey(requestId as string, Number(row))))
}
