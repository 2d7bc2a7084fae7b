import type { Kysely } from 'kysely'

/**
 * Model registry tables, named after MLflow's SQL store (`registered_models`, `model_versions`,
 * `registered_model_aliases`...). Every child row hangs off the model's name with ON UPDATE/DELETE
 * CASCADE, so a rename or a delete is one statement on the parent (SQLite runs with foreign keys on).
 *
 * - `registered_models.last_version` is the highest number ever given: versions are allocated from it
 *   under the row's lock and never reused after a delete.
 * - Signature, metrics and lineage are JSON text: read whole, never joined on (metric filters use the
 *   dialect's JSON functions).
 * - `registry_state` is one row whose `alias_generation` is bumped by every alias change and every
 *   model rename or delete, in the same transaction: `aliasGeneration()` is one primary-key read, and
 *   the update's row lock orders alias changes across processes. Alias event ids are taken from it,
 *   so they increase in commit order on both backends (a PostgreSQL sequence does not).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations see the schema as it was then, not as it is now
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registered_models')
    .addColumn('name', 'varchar(256)', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('last_version', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('registered_model_tags')
    .addColumn('name', 'varchar(256)', (c) =>
      c.notNull().references('registered_models.name').onDelete('cascade').onUpdate('cascade'),
    )
    .addColumn('key', 'varchar(250)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_tags_pk', ['name', 'key'])
    .execute()
  await db.schema
    .createIndex('registered_model_tags_key_value_idx')
    .on('registered_model_tags')
    .columns(['key', 'value'])
    .execute()

  await db.schema
    .createTable('model_versions')
    .addColumn('name', 'varchar(256)', (c) =>
      c.notNull().references('registered_models.name').onDelete('cascade').onUpdate('cascade'),
    )
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_updated_time', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('artifact_uri', 'text', (c) => c.notNull())
    .addColumn('run_id', 'varchar(32)')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('lineage', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_versions_pk', ['name', 'version'])
    .execute()
  await db.schema
    .createIndex('model_versions_creation_idx')
    .on('model_versions')
    .columns(['creation_time', 'name', 'version'])
    .execute()
  await db.schema.createIndex('model_versions_run_idx').on('model_versions').column('run_id').execute()

  await db.schema
    .createTable('model_version_tags')
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('key', 'varchar(250)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_tags_pk', ['name', 'version', 'key'])
    .addForeignKeyConstraint(
      'model_version_tags_version_fk',
      ['name', 'version'],
      'model_versions',
      ['name', 'version'],
      (fk) => fk.onDelete('cascade').onUpdate('cascade'),
    )
    .execute()

  // Aliases cascade with their version too, but the store refuses to delete an aliased version first.
  await db.schema
    .createTable('registered_model_aliases')
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('alias', 'varchar(255)', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_aliases_pk', ['name', 'alias'])
    .addForeignKeyConstraint(
      'registered_model_aliases_version_fk',
      ['name', 'version'],
      'model_versions',
      ['name', 'version'],
      (fk) => fk.onDelete('cascade').onUpdate('cascade'),
    )
    .execute()

  await db.schema
    .createTable('model_alias_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('name', 'varchar(256)', (c) =>
      c.notNull().references('registered_models.name').onDelete('cascade').onUpdate('cascade'),
    )
    .addColumn('alias', 'varchar(255)', (c) => c.notNull())
    .addColumn('from_version', 'bigint')
    .addColumn('to_version', 'bigint')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'varchar(256)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('model_alias_events_alias_idx')
    .on('model_alias_events')
    .columns(['name', 'alias', 'id'])
    .execute()

  await db.schema
    .createTable('registry_state')
    .addColumn('id', 'smallint', (c) => c.primaryKey())
    .addColumn('alias_generation', 'bigint', (c) => c.notNull())
    .execute()
  await db.insertInto('registry_state').values({ id: 1, alias_generation: 0 }).execute()
}
