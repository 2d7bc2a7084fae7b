import type { Kysely } from 'kysely'

/**
 * Tracking tables. Built for 10^5 runs and more: latest metrics apart from the history, an index on
 * (experiment, start time) for listings, (run, key, step) for histories, and (key, value) on latest
 * metrics so that a metric filter or order-by does not scan every run.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations see the schema as it was then, not as it is now
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shipyard_meta')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('experiments')
    .addColumn('experiment_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(256)', (c) => c.notNull().unique())
    .addColumn('artifact_location', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('experiments_creation_idx')
    .on('experiments')
    .columns(['creation_time', 'experiment_id'])
    .execute()

  await db.schema
    .createTable('experiment_tags')
    .addColumn('experiment_id', 'varchar(32)', (c) => c.notNull().references('experiments.experiment_id'))
    .addColumn('key', 'varchar(250)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_tags_pk', ['experiment_id', 'key'])
    .execute()

  await db.schema
    .createTable('runs')
    .addColumn('run_uuid', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('experiment_id', 'varchar(32)', (c) => c.notNull().references('experiments.experiment_id'))
    .addColumn('name', 'varchar(250)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(256)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint')
    .addColumn('lifecycle_stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('artifact_uri', 'text', (c) => c.notNull())
    .addColumn('parent_run_id', 'varchar(32)')
    .execute()
  await db.schema
    .createIndex('runs_experiment_start_idx')
    .on('runs')
    .columns(['experiment_id', 'start_time', 'run_uuid'])
    .execute()
  await db.schema.createIndex('runs_start_idx').on('runs').columns(['start_time', 'run_uuid']).execute()
  await db.schema.createIndex('runs_parent_idx').on('runs').column('parent_run_id').execute()

  for (const table of ['params', 'tags'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull().references('runs.run_uuid'))
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['run_uuid', 'key'])
      .execute()
    await db.schema.createIndex(`${table}_key_value_idx`).on(table).columns(['key', 'value']).execute()
  }

  // The history and the latest point share their columns; only the latter has one row per (run, key).
  const metricTable = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull().references('runs.run_uuid'))
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('step', 'bigint', (c) => c.notNull())
      .addColumn('timestamp', 'bigint', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('is_nan', 'smallint', (c) => c.notNull())
  await metricTable('metrics').execute()
  await db.schema
    .createIndex('metrics_run_key_step_idx')
    .on('metrics')
    .columns(['run_uuid', 'key', 'step'])
    .execute()
  await metricTable('latest_metrics')
    .addPrimaryKeyConstraint('latest_metrics_pk', ['run_uuid', 'key'])
    .execute()
  await db.schema
    .createIndex('latest_metrics_key_value_idx')
    .on('latest_metrics')
    .columns(['key', 'value'])
    .execute()

  await db.schema
    .createTable('artifacts')
    .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull().references('runs.run_uuid'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('artifacts_pk', ['run_uuid', 'path'])
    .execute()

  await db.insertInto('shipyard_meta').values({ key: 'application', value: 'shipyard' }).execute()
}
