import { type Kysely, sql } from 'kysely'

/**
 * Alerts of the monitor schedule (`model_alerts`): one row per alert, from firing to resolved.
 *
 * - A partial unique index allows one `firing` row per model and condition: processes that evaluate
 *   the same rules race to insert it, and the winner alone calls the webhook and starts retraining.
 * - No foreign key to `registered_models`: alerts are history, kept when their model is deleted.
 * - Webhook deliveries and the retraining command's status are JSON text, read whole; the run the
 *   command logged has its own column, to find the alert of a run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations see the schema as it was then, not as it is now
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('model_alerts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('model', 'varchar(256)', (c) => c.notNull())
    .addColumn('version', 'bigint')
    .addColumn('condition_name', 'varchar(256)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('threshold', 'double precision', (c) => c.notNull())
    .addColumn('fired_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_value', 'double precision')
    .addColumn('firing_webhook', 'text')
    .addColumn('resolved_webhook', 'text')
    .addColumn('retrain', 'text')
    .addColumn('retrain_run_id', 'varchar(32)')
    .execute()
  await db.schema
    .createIndex('model_alerts_firing_idx')
    .unique()
    .on('model_alerts')
    .columns(['model', 'condition_name'])
    .where(sql.ref('state'), '=', 'firing')
    .execute()
  await db.schema
    .createIndex('model_alerts_model_fired_idx')
    .on('model_alerts')
    .columns(['model', 'fired_at'])
    .execute()
  await db.schema
    .createIndex('model_alerts_fired_idx')
    .on('model_alerts')
    .columns(['fired_at', 'id'])
    .execute()
}
