import type { Kysely } from 'kysely'
import type { DatabaseTarget, ShipyardError } from '../../shared/index.js'
import { type Database, isUniqueViolation, openSqlDatabase, type SqlDatabase } from '../../sql/index.js'
import type { Page } from '../../tracking/index.js'
import { ModelBlobs } from '../model-blobs.js'
import type { ModelRegistry } from '../model-registry.js'
import {
  aliasNotFound,
  modelNameTaken,
  tagNotFound,
  versionAliased,
  versionNotFound,
} from '../registry-errors.js'
import type {
  AliasChange,
  AliasEvent,
  CreateModelInput,
  CreateVersionInput,
  ModelVersion,
  RegisteredModel,
  SearchModelsQuery,
  SearchVersionsQuery,
} from '../types.js'
import {
  validateAlias,
  validateDescription,
  validateMetrics,
  validateModelName,
  validateTag,
  validateTags,
  validateVersion,
  validateVersionParts,
} from '../validation.js'
import { bumpAliasGeneration, deleteAliasIn, rollbackAliasIn, setAliasIn } from './sql-alias-writes.js'
import { loadModels, loadVersions, requireModelRow, requireVersionRow } from './sql-registry-reads.js'
import { rowToEvent } from './sql-registry-rows.js'
import { searchModelPage, searchVersionPage } from './sql-registry-search.js'
import { insertVersion } from './sql-version-writes.js'

/** Where the SQL registry keeps metadata, and the folder under which it stores ONNX bytes (`<root>/models`). */
export interface SqlModelRegistryConfig {
  readonly database: DatabaseTarget
  readonly artifactRoot: string
}

/**
 * The model registry on SQLite or PostgreSQL (one Kysely code path); see `ModelRegistry` for the
 * contract. Every write is one `writeTransaction` (retried on lock races). ONNX bytes are stored by
 * hash under `file://<artifactRoot>/models/sha256/` before the version row commits. On PostgreSQL,
 * every alias change, model rename and model delete also sends `NOTIFY shipyard_aliases, '<model>'`
 * at commit.
 *
 * @example
 * const registry = await SqlModelRegistry.open({ database: config.database, artifactRoot: config.artifactRoot })
 * const v = await registry.createVersion({ name: 'churn', onnx, signature, lineage })
 * await registry.setAlias('churn', 'production', v.version, { reason: 'beats v1 on valid_roc_auc' })
 */
export class SqlModelRegistry implements ModelRegistry {
  readonly #sql: SqlDatabase
  readonly #blobs: ModelBlobs

  private constructor(sql: SqlDatabase, blobs: ModelBlobs) {
    this.#sql = sql
    this.#blobs = blobs
  }

  /** Opens (and migrates) the database. Throws what `openSqlDatabase` throws. */
  static async open(config: SqlModelRegistryConfig): Promise<SqlModelRegistry> {
    return new SqlModelRegistry(await openSqlDatabase(config.database), new ModelBlobs(config.artifactRoot))
  }

  get #db(): Kysely<Database> {
    return this.#sql.db
  }

  async createModel(input: CreateModelInput): Promise<RegisteredModel> {
    const name = validateModelName(input.name)
    const description = validateDescription(input.description ?? '')
    const tags = validateTags(input.tags)
    const now = Date.now()
    await this.#sql
      .writeTransaction(async (trx) => {
        const taken = await trx
          .selectFrom('registered_models')
          .select('name')
          .where('name', '=', name)
          .executeTakeFirst()
        if (taken) throw modelNameTaken(name)
        await trx
          .insertInto('registered_models')
          .values({ name, description, creation_time: now, last_updated_time: now, last_version: 0 })
          .execute()
        if (tags.length > 0) {
          await trx
            .insertInto('registered_model_tags')
            .values(tags.map((t) => ({ name, ...t })))
            .execute()
        }
      })
      .catch(uniqueViolationAs(modelNameTaken(name)))
    return this.getModel(name)
  }

  async getModel(name: string): Promise<RegisteredModel> {
    const [model] = await loadModels(this.#db, [await requireModelRow(this.#db, name)])
    return model!
  }

  searchModels(query: SearchModelsQuery = {}): Promise<Page<RegisteredModel>> {
    return searchModelPage(this.#db, this.#sql.capabilities, query)
  }

  async updateModel(name: string, update: { readonly description: string }): Promise<RegisteredModel> {
    const description = validateDescription(update.description)
    await this.#sql.writeTransaction(async (trx) => {
      await requireModelRow(trx, name)
      await trx
        .updateTable('registered_models')
        .set({ description, last_updated_time: Date.now() })
        .where('name', '=', name)
        .execute()
    })
    return this.getModel(name)
  }

  /** Versions, tags, aliases and history follow the model (ON UPDATE CASCADE); aliases under the old name are gone. */
  async renameModel(name: string, newName: string): Promise<RegisteredModel> {
    const checked = validateModelName(newName, 'new_name')
    await this.#sql
      .writeTransaction(async (trx) => {
        await bumpAliasGeneration(trx, this.#sql.capabilities, [name, checked])
        await requireModelRow(trx, name)
        if (checked === name) return
        const taken = await trx
          .selectFrom('registered_models')
          .select('name')
          .where('name', '=', checked)
          .executeTakeFirst()
        if (taken) throw modelNameTaken(checked)
        await trx
          .updateTable('registered_models')
          .set({ name: checked, last_updated_time: Date.now() })
          .where('name', '=', name)
          .execute()
      })
      .catch(uniqueViolationAs(modelNameTaken(checked)))
    return this.getModel(checked)
  }

  async deleteModel(name: string): Promise<void> {
    await this.#sql.writeTransaction(async (trx) => {
      await bumpAliasGeneration(trx, this.#sql.capabilities, [name])
      await requireModelRow(trx, name)
      await trx.deleteFrom('registered_models').where('name', '=', name).execute()
    })
  }

  async setModelTag(name: string, key: string, value: string): Promise<void> {
    const tag = validateTag(key, value, 'tag')
    await this.#sql.writeTransaction(async (trx) => {
      await requireModelRow(trx, name)
      await trx
        .insertInto('registered_model_tags')
        .values({ name, ...tag })
        .onConflict((oc) => oc.columns(['name', 'key']).doUpdateSet({ value: tag.value }))
        .execute()
    })
  }

  async deleteModelTag(name: string, key: string): Promise<void> {
    await this.#sql.writeTransaction(async (trx) => {
      await requireModelRow(trx, name)
      const result = await trx
        .deleteFrom('registered_model_tags')
        .where('name', '=', name)
        .where('key', '=', key)
        .executeTakeFirst()
      if (Number(result.numDeletedRows) === 0) throw tagNotFound(`registered model '${name}'`, key)
    })
  }

  async createVersion(input: CreateVersionInput): Promise<ModelVersion> {
    validateModelName(input.name)
    validateVersionParts(input)
    const description = validateDescription(input.description ?? '')
    const tags = validateTags(input.tags)
    const metrics = validateMetrics(input.metrics)
    // Written before the transaction: the file exists before any row names it, and no lock is held
    // while the bytes go to disk.
    const blob = await this.#blobs.put(input.onnx)
    const version = await this.#sql.writeTransaction((trx) =>
      insertVersion(trx, { input, description, tags, metrics, blob }),
    )
    return this.getVersion(input.name, version)
  }

  async getVersion(name: string, version: number): Promise<ModelVersion> {
    const [loaded] = await loadVersions(this.#db, [await requireVersionRow(this.#db, name, version)])
    return loaded!
  }

  searchVersions(query: SearchVersionsQuery = {}): Promise<Page<ModelVersion>> {
    return searchVersionPage(this.#db, this.#sql.capabilities, query)
  }

  async updateVersion(
    name: string,
    version: number,
    update: { readonly description: string },
  ): Promise<ModelVersion> {
    const description = validateDescription(update.description)
    await this.#sql.writeTransaction(async (trx) => {
      await requireVersionRow(trx, name, version)
      await trx
        .updateTable('model_versions')
        .set({ description, last_updated_time: Date.now() })
        .where('name', '=', name)
        .where('version', '=', version)
        .execute()
    })
    return this.getVersion(name, version)
  }

  async deleteVersion(name: string, version: number): Promise<void> {
    validateVersion(version)
    await this.#sql.writeTransaction(async (trx) => {
      // Taken so that no alias change runs meanwhile: an alias set to this version by a transaction
      // still open would otherwise vanish with it (ON DELETE CASCADE), with no event recorded.
      await bumpAliasGeneration(trx, this.#sql.capabilities, [])
      await requireVersionRow(trx, name, version)
      const aliases = await trx
        .selectFrom('registered_model_aliases')
        .select('alias')
        .where('name', '=', name)
        .where('version', '=', version)
        .orderBy('alias')
        .execute()
      if (aliases.length > 0)
        throw versionAliased(
          name,
          version,
          aliases.map((a) => a.alias),
        )
      await trx.deleteFrom('model_versions').where('name', '=', name).where('version', '=', version).execute()
    })
  }

  async setVersionTag(name: string, version: number, key: string, value: string): Promise<void> {
    const tag = validateTag(key, value, 'tag')
    await this.#sql.writeTransaction(async (trx) => {
      await requireVersionRow(trx, name, version)
      await trx
        .insertInto('model_version_tags')
        .values({ name, version, ...tag })
        .onConflict((oc) => oc.columns(['name', 'version', 'key']).doUpdateSet({ value: tag.value }))
        .execute()
    })
  }

  async deleteVersionTag(name: string, version: number, key: string): Promise<void> {
    await this.#sql.writeTransaction(async (trx) => {
      await requireVersionRow(trx, name, version)
      const result = await trx
        .deleteFrom('model_version_tags')
        .where('name', '=', name)
        .where('version', '=', version)
        .where('key', '=', key)
        .executeTakeFirst()
      if (Number(result.numDeletedRows) === 0) throw tagNotFound(`version ${version} of '${name}'`, key)
    })
  }

  async readModel(name: string, version: number): Promise<Uint8Array> {
    const row = await requireVersionRow(this.#db, name, version)
    return this.#blobs.read(row.artifact_uri, row.sha256, { name, version })
  }

  async setAlias(
    name: string,
    alias: string,
    version: number,
    change: AliasChange = {},
  ): Promise<AliasEvent> {
    const target = { name, alias: validateAlias(alias), version: validateVersion(version) }
    return this.#sql.writeTransaction((trx) => setAliasIn(trx, this.#sql.capabilities, target, change))
  }

  async deleteAlias(name: string, alias: string, change: AliasChange = {}): Promise<AliasEvent> {
    const target = { name, alias: validateAlias(alias) }
    return this.#sql.writeTransaction((trx) => deleteAliasIn(trx, this.#sql.capabilities, target, change))
  }

  async rollback(name: string, alias: string, change: AliasChange = {}): Promise<AliasEvent> {
    const target = { name, alias: validateAlias(alias) }
    return this.#sql.writeTransaction((trx) => rollbackAliasIn(trx, this.#sql.capabilities, target, change))
  }

  async resolve(name: string, aliasOrVersion: string): Promise<ModelVersion> {
    const named = aliasOrVersion.toLowerCase()
    const number = /^v?(\d+)$/.exec(named)?.[1]
    if (number !== undefined) return this.getVersion(name, Number(number))
    if (named === 'latest') {
      const latest = (await this.getModel(name)).latestVersion
      if (latest === null) throw versionNotFound(name, 'latest')
      return this.getVersion(name, latest)
    }
    const row = await this.#db
      .selectFrom('registered_model_aliases')
      .select('version')
      .where('name', '=', name)
      .where('alias', '=', named)
      .executeTakeFirst()
    if (!row) {
      await requireModelRow(this.#db, name)
      throw aliasNotFound(name, aliasOrVersion)
    }
    return this.getVersion(name, row.version)
  }

  async aliasHistory(name: string, alias?: string): Promise<readonly AliasEvent[]> {
    await requireModelRow(this.#db, name)
    let select = this.#db.selectFrom('model_alias_events').selectAll().where('name', '=', name).orderBy('id')
    if (alias !== undefined) select = select.where('alias', '=', alias.toLowerCase())
    return (await select.execute()).map(rowToEvent)
  }

  async aliasAt(name: string, alias: string, time: number): Promise<number | null> {
    await requireModelRow(this.#db, name)
    const row = await this.#db
      .selectFrom('model_alias_events')
      .select('to_version')
      .where('name', '=', name)
      .where('alias', '=', alias.toLowerCase())
      .where('time', '<=', time)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row?.to_version ?? null
  }

  async aliasGeneration(): Promise<number> {
    const row = await this.#db
      .selectFrom('registry_state')
      .select('alias_generation')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
    return Number(row.alias_generation)
  }

  close(): Promise<void> {
    return this.#sql.close()
  }
}

/** The loser of a race for a name gets the same error as a caller who checked first. */
function uniqueViolationAs(error: ShipyardError): (cause: unknown) => never {
  return (cause) => {
    throw isUniqueViolation(cause) ? error : cause
  }
}
