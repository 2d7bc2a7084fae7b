import pg from 'pg'
import { labelKey, sortLabels } from '../feedback-outcome.js'
import { RECORD_FIELDS } from '../prediction-filter.js'
import type {
  FeedbackLabel,
  FeedbackOutcome,
  LabelledPrediction,
  LabelledQuery,
  LoggedColumns,
  PredictionLogStore,
  PredictionQuery,
  PredictionRecord,
  RetentionPolicy,
} from '../prediction-log.js'
import {
  columnField,
  columnsLimit,
  labelledQuery,
  predictionWhere,
  searchLimit,
} from '../prediction-query-sql.js'
import { checkLabel, checkRecords, checkRetention, keptValues } from '../record-checks.js'
import { PREDICTION_LOG_DDL, PREDICTION_LOG_DDL_LOCK, RECORD_SELECT } from './postgres-prediction-schema.js'
import { PostgresQueryTarget } from './postgres-query-target.js'

/** The few calls of a `pg` client or pool this store makes. */
interface Queryable {
  query<R extends object = Record<string, unknown>>(
    config: string | { text: string; values?: unknown[]; rowMode?: 'array' },
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>
}
interface Pool extends Queryable {
  connect(): Promise<Queryable & { release(): void }>
  end(): Promise<void>
}

const ORDER_NEWEST_FIRST = '"time" DESC, request_id COLLATE "C", "row", arm COLLATE "C"'
const CURSOR_ROWS = 50_000

/**
 * The prediction log on PostgreSQL: the `prediction_log` and `prediction_feedback` tables (see
 * `postgres-prediction-schema.ts`), shared by every process given the same database. See
 * `PredictionLogStore` for the contract. Each append is one `INSERT ... SELECT FROM unnest(...)` (a
 * multi-row insert with one array parameter per column, whatever the batch size) in a transaction;
 * every user value is a bound parameter. Labels are sorted under a table lock, so concurrent feedback
 * batches count replacements exactly.
 */
export class PostgresPredictionLog implements PredictionLogStore {
  readonly #pool: Pool

  private constructor(pool: Pool) {
    this.#pool = pool
  }

  /** Connects to `url` and creates the tables when absent. */
  static async open(url: string): Promise<PostgresPredictionLog> {
    const pool = new pg.Pool({ connectionString: url, max: 4 }) as unknown as Pool
    try {
      await transaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [PREDICTION_LOG_DDL_LOCK])
        await client.query(PREDICTION_LOG_DDL)
      })
    } catch (error) {
      await pool.end()
      throw error
    }
    return new PostgresPredictionLog(pool)
  }

  async append(records: readonly PredictionRecord[]): Promise<void> {
    checkRecords(records)
    if (records.length === 0) return
    const column = <T>(get: (r: PredictionRecord) => T) => records.map(get)
    await transaction(this.#pool, (client) =>
      client.query(
        `INSERT INTO prediction_log (${RECORD_SELECT})
         SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::int[], $6::text[], $7::text[],
           $8::jsonb[], $9::jsonb[], $10::float8[], $11::text[], $12::text[], $13::text[])`,
        [
          column((r) => r.requestId),
          column((r) => r.row),
          column((r) => Math.round(r.time)),
          column((r) => r.model),
          column((r) => r.version),
          column((r) => r.alias),
          column((r) => r.arm),
          column((r) => JSON.stringify(Object.fromEntries(keptValues(r.inputs)))),
          column((r) => JSON.stringify(Object.fromEntries(keptValues(r.outputs)))),
          column((r) => r.latencyMs),
          column((r) => r.cache),
          column((r) => r.errorCode),
          column((r) => r.errorMessage),
        ],
      ),
    )
  }

  async search(query: PredictionQuery): Promise<PredictionRecord[]> {
    const limit = searchLimit(query)
    const target = new PostgresQueryTarget()
    const where = predictionWhere(query, target)
    const { rows } = await this.#pool.query(
      `SELECT ${RECORD_SELECT} FROM prediction_log WHERE ${where} ORDER BY ${ORDER_NEWEST_FIRST} LIMIT ${limit}`,
      target.params.values,
    )
    return rows.map(toRecord)
  }

  async count(query: PredictionQuery): Promise<number> {
    const target = new PostgresQueryTarget()
    const where = predictionWhere(query, target)
    const { rows } = await this.#pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM prediction_log WHERE ${where}`,
      target.params.values,
    )
    return Number(rows[0]!.n)
  }

  async columns(query: PredictionQuery, names: readonly string[]): Promise<LoggedColumns> {
    const fields = names.map(columnField)
    const limit = columnsLimit(query)
    const kinds = await this.#loggedKinds(query, fields)
    const target = new PostgresQueryTarget()
    const where = predictionWhere(query, target)
    const plan = fields.map((field, i) => {
      if (field.scope === 'record') {
        const sql = target.column(field.name)
        return RECORD_FIELDS[field.name] === 'number'
          ? { sql: `${sql}::float8`, numeric: true }
          : { sql, numeric: false }
      }
      const kind = kinds[i]
      if (kind === null) return null
      return { sql: target.logged(field.scope, field.name, kind ? 'number' : 'any'), numeric: kind === true }
    })
    const read = plan.filter((p) => p !== null)
    const tail = limit === undefined ? '' : ` ORDER BY ${ORDER_NEWEST_FIRST} LIMIT ${limit}`
    const select = read.length > 0 ? read.map((p) => p.sql).join(', ') : '0'
    const values: unknown[][] = read.map(() => [])
    let rowCount = 0
    await transaction(this.#pool, async (client) => {
      await client.query(
        `DECLARE logged_columns NO SCROLL CURSOR FOR SELECT ${select} FROM prediction_log WHERE ${where}${tail}`,
        target.params.values,
      )
      for (;;) {
        const { rows } = await client.query<unknown[]>({
          text: `FETCH ${CURSOR_ROWS} FROM logged_columns`,
          rowMode: 'array',
        })
        for (const row of rows) for (let j = 0; j < read.length; j++) values[j]!.push(row[j])
        rowCount += rows.length
        if (rows.length < CURSOR_ROWS) break
      }
    })
    const columns = new Map<string, Float64Array | (string | null)[]>()
    let next = 0
    names.forEach((name, i) => {
      const p = plan[i]
      if (p === null || p === undefined) {
        columns.set(name, new Float64Array(rowCount).fill(Number.NaN))
        return
      }
      const column = values[next++]!
      columns.set(
        name,
        p.numeric
          ? Float64Array.from(column, (v) => (v === null ? Number.NaN : Number(v)))
          : (column as (string | null)[]),
      )
    })
    return { rowCount, columns }
  }

  async appendFeedback(labels: readonly FeedbackLabel[]): Promise<FeedbackOutcome> {
    const checked = labels.map(checkLabel)
    if (checked.length === 0) return sortLabels(checked, () => false, new Set()).outcome
    return transaction(this.#pool, async (client) => {
      // One batch at a time across every process, so each counts the labels of the one before.
      await client.query('LOCK TABLE prediction_feedback IN SHARE ROW EXCLUSIVE MODE')
      const keys = [checked.map((l) => l.requestId), checked.map((l) => l.row)]
      const keysIn = async (table: string) => {
        const { rows } = await client.query<{ request_id: string; row: number }>(
          `SELECT DISTINCT k.request_id, k."row" FROM unnest($1::text[], $2::int[]) AS k(request_id, "row")
           WHERE EXISTS (SELECT 1 FROM ${table} t WHERE t.request_id = k.request_id AND t."row" = k."row")`,
          keys,
        )
        return new Set(rows.map((r) => labelKey(r.request_id, r.row)))
      }
      const logged = await keysIn('prediction_log')
      const { accepted, outcome } = sortLabels(
        checked,
        (key) => logged.has(key),
        await keysIn('prediction_feedback'),
      )
      if (accepted.length > 0) {
        await client.query(
          `INSERT INTO prediction_feedback (request_id, "row", label, "time")
           SELECT request_id, "row", label, "time" FROM unnest($1::text[], $2::int[], $3::jsonb[], $4::float8[])
             WITH ORDINALITY AS l(request_id, "row", label, "time", n) ORDER BY n`,
          [
            accepted.map((l) => l.requestId),
            accepted.map((l) => l.row),
            accepted.map((l) => JSON.stringify(l.label)),
            accepted.map((l) => l.time),
          ],
        )
      }
      return outcome
    })
  }

  async labelled(query: LabelledQuery): Promise<LabelledPrediction[]> {
    const target = new PostgresQueryTarget('p')
    const where = predictionWhere(labelledQuery(query), target)
    const select = RECORD_SELECT.split(', ')
      .map((c) => `p.${c}`)
      .join(', ')
    const { rows } = await this.#pool.query<Record<string, unknown>>(
      `SELECT ${select}, l.label AS __label, l."time" AS __label_time FROM prediction_log p
       JOIN (SELECT DISTINCT ON (request_id, "row") request_id, "row", label, "time" FROM prediction_feedback
             ORDER BY request_id, "row", "time" DESC, arrival DESC) l
         ON p.request_id = l.request_id AND p."row" = l."row"
       WHERE ${where}
       ORDER BY p."time", p.request_id COLLATE "C", p."row", p.arm COLLATE "C"`,
      target.params.values,
    )
    return rows.map((row) => ({
      record: toRecord(row),
      label: row.__label as string | number | boolean,
      labelTime: Number(row.__label_time),
    }))
  }

  async enforceRetention(policy: RetentionPolicy): Promise<number> {
    checkRetention(policy)
    let removed = 0
    if (policy.maxAgeMs !== undefined) {
      const cutoff = Math.ceil(Date.now() - policy.maxAgeMs)
      removed +=
        (await this.#pool.query('DELETE FROM prediction_log WHERE "time" < $1::bigint', [cutoff])).rowCount ??
        0
    }
    if (policy.maxBytes !== undefined) {
      const { rowCount } = await this.#pool.query(
        `DELETE FROM prediction_log WHERE id IN (
           SELECT id FROM (SELECT id, sum(pg_column_size(p.*)) OVER (ORDER BY "time" DESC, id DESC) AS newer
                           FROM prediction_log p) s
           WHERE newer > $1::float8)`,
        [policy.maxBytes],
      )
      removed += rowCount ?? 0
    }
    return removed
  }

  async storedBytes(): Promise<number> {
    const { rows } = await this.#pool.query<{ bytes: string }>(
      'SELECT coalesce(sum(pg_column_size(p.*)), 0) AS bytes FROM prediction_log p',
    )
    return Number(rows[0]!.bytes)
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }

  /**
   * For each logged field, whether every value the query's records hold is a number (true), some
   * are not (false), or none holds one (null); record fields are null here.
   */
  async #loggedKinds(
    query: PredictionQuery,
    fields: ReturnType<typeof columnField>[],
  ): Promise<(boolean | null)[]> {
    if (!fields.some((f) => f.scope !== 'record')) return fields.map(() => null)
    const target = new PostgresQueryTarget()
    const where = predictionWhere(query, target)
    const tests = fields.map((f) =>
      f.scope === 'record'
        ? 'NULL::boolean'
        : `bool_and(jsonb_typeof(${f.scope} -> ${target.params.bind(f.name)}) = 'number')`,
    )
    const { rows } = await this.#pool.query<unknown[]>(
      { text: `SELECT ${tests.join(', ')} FROM prediction_log WHERE ${where}`, rowMode: 'array' },
      target.params.values,
    )
    return rows[0]!.map((v) => (v === null ? null : v === true))
  }
}

async function transaction<T>(pool: Pool, work: (client: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

function toRecord(row: Record<string, unknown>): PredictionRecord {
  return {
    requestId: row.request_id as string,
    row: row.row as number,
    time: Number(row.time),
    model: row.model as string,
    version: row.version as number | null,
    alias: row.alias as string | null,
    arm: row.arm as PredictionRecord['arm'],
    inputs: row.inputs as PredictionRecord['inputs'],
    outputs: row.outputs as PredictionRecord['outputs'],
    latencyMs: row.latency_ms as number,
    cache: row.cache as PredictionRecord['cache'],
    errorCode: row.error_code as string | null,
    errorMessage: row.error_message as string | null,
  }
}
