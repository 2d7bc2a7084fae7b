import { CompiledQuery, sql, type Transaction } from 'kysely'
import { ShipyardError } from '../../shared/index.js'
import type { Database } from '../../sql/index.js'
import type { LogBatchInput, Metric } from '../types.js'
import { metricToRow } from './sql-rows.js'

/** Rows per INSERT: 1000 metrics x 6 columns stays far below both backends' bound-parameter limits. */
const INSERT_CHUNK = 1000

/**
 * Writes a validated batch inside `trx`: params (refusing a changed value), tags (upserted), the
 * metric history, and the latest-metric table, whose row moves only to a later (step, timestamp, value).
 */
export async function writeBatch(
  trx: Transaction<Database>,
  runId: string,
  batch: LogBatchInput,
): Promise<void> {
  if (batch.params && batch.params.length > 0) await writeParams(trx, runId, batch.params)
  if (batch.tags && batch.tags.length > 0) {
    await trx
      .insertInto('tags')
      .values(batch.tags.map((t) => ({ run_uuid: runId, key: t.key, value: t.value })))
      .onConflict((oc) =>
        oc.columns(['run_uuid', 'key']).doUpdateSet({ value: (eb) => eb.ref('excluded.value') }),
      )
      .execute()
  }
  if (batch.metrics && batch.metrics.length > 0) await writeMetrics(trx, runId, batch.metrics)
}

async function writeParams(
  trx: Transaction<Database>,
  runId: string,
  params: NonNullable<LogBatchInput['params']>,
) {
  const existing = await trx
    .selectFrom('params')
    .select(['key', 'value'])
    .where('run_uuid', '=', runId)
    .where(
      'key',
      'in',
      params.map((p) => p.key),
    )
    .execute()
  const logged = new Map(existing.map((row) => [row.key, row.value]))
  for (const p of params) {
    const old = logged.get(p.key)
    if (old !== undefined && old !== p.value) {
      throw new ShipyardError(
        'SHIPYARD_PARAM_IMMUTABLE',
        `param '${p.key}' of run '${runId}' is already '${old}'; params are immutable, so '${p.value}' was not logged`,
        { details: { key: p.key, old_value: old, new_value: p.value } },
      )
    }
  }
  const fresh = params.filter((p) => !logged.has(p.key))
  if (fresh.length === 0) return
  await trx
    .insertInto('params')
    .values(fresh.map((p) => ({ run_uuid: runId, key: p.key, value: p.value })))
    .onConflict((oc) => oc.columns(['run_uuid', 'key']).doNothing())
    .execute()
}

async function writeMetrics(trx: Transaction<Database>, runId: string, metrics: readonly Metric[]) {
  for (let start = 0; start < metrics.length; start += INSERT_CHUNK) {
    const chunk = metrics.slice(start, start + INSERT_CHUNK)
    const params: unknown[] = []
    for (const m of chunk) {
      const row = metricToRow(m)
      params.push(runId, m.key, row.step, row.timestamp, row.value, row.is_nan)
    }
    await trx.executeQuery(CompiledQuery.raw(metricInsertSql(trx, chunk.length), params))
  }
  // One row per key: an upsert may not touch the same row twice in one statement (PostgreSQL refuses).
  const latest = [...latestPerKey(metrics).values()].map((m) => ({
    run_uuid: runId,
    key: m.key,
    ...metricToRow(m),
  }))
  await trx
    .insertInto('latest_metrics')
    .values(latest)
    .onConflict((oc) =>
      oc
        .columns(['run_uuid', 'key'])
        .doUpdateSet({
          step: (eb) => eb.ref('excluded.step'),
          timestamp: (eb) => eb.ref('excluded.timestamp'),
          value: (eb) => eb.ref('excluded.value'),
          is_nan: (eb) => eb.ref('excluded.is_nan'),
        })
        .where(
          sql<boolean>`(excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)`,
        ),
    )
    .execute()
}

const insertSqlByAdapter = new WeakMap<object, Map<number, string>>()

/**
 * The SQL of an n-row INSERT into the history, built by Kysely once per dialect and row count and
 * reused: building a 1000-row query object for every batch costs more than running it.
 */
function metricInsertSql(trx: Transaction<Database>, rows: number): string {
  const adapter = trx.getExecutor().adapter
  let byCount = insertSqlByAdapter.get(adapter)
  if (!byCount) {
    byCount = new Map()
    insertSqlByAdapter.set(adapter, byCount)
  }
  let text = byCount.get(rows)
  if (text === undefined) {
    // Column order here is the order of the params that writeMetrics pushes.
    const placeholder = { run_uuid: '', key: '', step: 0, timestamp: 0, value: 0, is_nan: 0 }
    text = trx
      .insertInto('metrics')
      .values(Array.from({ length: rows }, () => placeholder))
      .compile().sql
    byCount.set(rows, text)
  }
  return text
}

/** MLflow's rule for "latest": the highest step, then the latest timestamp, then the largest value. */
function latestPerKey(metrics: readonly Metric[]): Map<string, Metric> {
  const latest = new Map<string, Metric>()
  for (const m of metrics) {
    const current = latest.get(m.key)
    if (!current || isLater(m, current)) latest.set(m.key, m)
  }
  return latest
}

function isLater(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp
  return metricToRow(a).value > metricToRow(b).value
}
