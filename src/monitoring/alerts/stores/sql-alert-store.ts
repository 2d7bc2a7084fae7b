import { randomUUID } from 'node:crypto'
import type { Selectable } from 'kysely'
import { type DatabaseTarget, invalidValue, notFound } from '../../../shared/index.js'
import { type Database, isUniqueViolation, openSqlDatabase, type SqlDatabase } from '../../../sql/index.js'
import type { AlertConditionKind } from '../alert-rules.js'
import type { AlertStatus } from '../alert-state.js'
import type {
  AlertQuery,
  AlertRecord,
  AlertStore,
  NewAlert,
  RetrainStatus,
  WebhookDelivery,
} from '../alert-store.js'

type AlertRow = Selectable<Database['model_alerts']>

/** Where each transition's webhook delivery is kept. */
const WEBHOOK_COLUMN = { firing: 'firing_webhook', resolved: 'resolved_webhook' } as const

/**
 * Opens the alert store on the metadata database (SQLite or PostgreSQL; migrated on open). Throws what
 * `openSqlDatabase` throws.
 *
 * @example
 * const alerts = await openAlertStore(loadConfig().database)
 * const firing = await alerts.list({ model: 'churn', state: 'firing' })
 */
export async function openAlertStore(database: DatabaseTarget): Promise<AlertStore> {
  return new SqlAlertStore(await openSqlDatabase(database))
}

/** The `model_alerts` table; see `AlertStore` for the contract. */
class SqlAlertStore implements AlertStore {
  readonly #sql: SqlDatabase

  constructor(sql: SqlDatabase) {
    this.#sql = sql
  }

  async fire(alert: NewAlert): Promise<{ readonly alert: AlertRecord; readonly created: boolean }> {
    const firing = () =>
      this.#sql.db
        .selectFrom('model_alerts')
        .selectAll()
        .where('model', '=', alert.model)
        .where('condition_name', '=', alert.condition)
        .where('state', '=', 'firing')
        .executeTakeFirst()
    const existing = await firing()
    if (existing) return { alert: recordOf(existing), created: false }
    const row: AlertRow = {
      id: randomUUID(),
      model: alert.model,
      version: alert.version,
      condition_name: alert.condition,
      kind: alert.kind,
      state: 'firing',
      value: alert.value,
      threshold: alert.threshold,
      fired_at: alert.firedAt,
      resolved_at: null,
      resolved_value: null,
      firing_webhook: null,
      resolved_webhook: null,
      retrain: null,
      retrain_run_id: null,
    }
    try {
      await this.#sql.writeTransaction((trx) => trx.insertInto('model_alerts').values(row).execute())
    } catch (error) {
      // Another process fired it between the read and the insert: the partial unique index refused ours.
      const winner = isUniqueViolation(error) ? await firing() : undefined
      if (winner) return { alert: recordOf(winner), created: false }
      throw error
    }
    return { alert: recordOf(row), created: true }
  }

  async resolve(
    id: string,
    resolution: { readonly resolvedAt: number; readonly value: number },
  ): Promise<AlertRecord | null> {
    const { numUpdatedRows } = await this.#sql.writeTransaction((trx) =>
      trx
        .updateTable('model_alerts')
        .set({ state: 'resolved', resolved_at: resolution.resolvedAt, resolved_value: resolution.value })
        .where('id', '=', id)
        .where('state', '=', 'firing')
        .executeTakeFirstOrThrow(),
    )
    return numUpdatedRows > 0n ? this.#get(id) : null
  }

  recordWebhook(id: string, transition: AlertStatus, delivery: WebhookDelivery): Promise<AlertRecord> {
    return this.#update(id, { [WEBHOOK_COLUMN[transition]]: JSON.stringify(delivery) })
  }

  recordRetrain(id: string, retrain: RetrainStatus): Promise<AlertRecord> {
    const { runId, ...status } = retrain
    return this.#update(id, { retrain: JSON.stringify(status), retrain_run_id: runId })
  }

  async list(query: AlertQuery = {}): Promise<AlertRecord[]> {
    if (query.limit !== undefined && !(Number.isSafeInteger(query.limit) && query.limit >= 1)) {
      throw invalidValue('limit', `must be a whole number of at least 1, got ${query.limit}`)
    }
    let select = this.#sql.db.selectFrom('model_alerts').selectAll()
    if (query.model !== undefined) select = select.where('model', '=', query.model)
    if (query.state !== undefined) select = select.where('state', '=', query.state)
    select = select.orderBy('fired_at', 'desc').orderBy('id')
    if (query.limit !== undefined) select = select.limit(query.limit)
    return (await select.execute()).map(recordOf)
  }

  close(): Promise<void> {
    return this.#sql.close()
  }

  async #update(id: string, values: Partial<AlertRow>): Promise<AlertRecord> {
    const { numUpdatedRows } = await this.#sql.writeTransaction((trx) =>
      trx.updateTable('model_alerts').set(values).where('id', '=', id).executeTakeFirstOrThrow(),
    )
    if (numUpdatedRows === 0n) throw notFound('alert', id)
    return this.#get(id)
  }

  async #get(id: string): Promise<AlertRecord> {
    const row = await this.#sql.db
      .selectFrom('model_alerts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('alert', id)
    return recordOf(row)
  }
}

function recordOf(row: AlertRow): AlertRecord {
  const retrain = parsed<Omit<RetrainStatus, 'runId'>>(row.retrain)
  return {
    id: row.id,
    model: row.model,
    version: row.version,
    condition: row.condition_name,
    kind: row.kind as AlertConditionKind,
    state: row.state as AlertStatus,
    value: row.value,
    threshold: row.threshold,
    firedAt: row.fired_at,
    resolvedAt: row.resolved_at,
    resolvedValue: row.resolved_value,
    webhook: {
      firing: parsed<WebhookDelivery>(row.firing_webhook),
      resolved: parsed<WebhookDelivery>(row.resolved_webhook),
    },
    retrain: retrain && { ...retrain, runId: row.retrain_run_id },
  }
}

function parsed<T>(json: string | null): T | null {
  return json === null ? null : (JSON.parse(json) as T)
}
