import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Kysely, Transaction } from 'kysely'
import type { DatabaseTarget } from '../../shared/index.js'
import { invalidValue, newExperimentId, newRunId, notFound } from '../../shared/index.js'
import { type Database, isUniqueViolation, openSqlDatabase, type SqlDatabase } from '../../sql/index.js'
import { generateRunName } from '../run-names.js'
import { searchRunIds } from '../search/index.js'
import type { TrackingStore } from '../tracking-store.js'
import {
  type ArtifactInfo,
  type CreateExperimentInput,
  type CreateRunInput,
  DEFAULT_EXPERIMENT_ID,
  DEFAULT_EXPERIMENT_NAME,
  type Experiment,
  type LogBatchInput,
  type Metric,
  type Page,
  type Run,
  type RunInfo,
  type SearchExperimentsQuery,
  type SearchRunsQuery,
  type UpdateRunInput,
} from '../types.js'
import {
  type BatchLimits,
  validateBatch,
  validateExperimentName,
  validateInteger,
  validateKey,
  validateRunName,
  validateStatus,
  validateTagValue,
} from '../validation.js'
import { findExperiment, searchExperimentPage } from './sql-experiment-reads.js'
import { writeBatch } from './sql-log-batch.js'
import { nameTaken, requireActiveRun, requireExperiment, requireRun } from './sql-lookups.js'
import { loadRuns, rowToMetric } from './sql-rows.js'

/** Where the SQL store keeps metadata and under which folder runs' artifacts go. */
export interface SqlTrackingStoreConfig {
  readonly database: DatabaseTarget
  readonly artifactRoot: string
}

const TERMINAL = new Set(['FINISHED', 'FAILED', 'KILLED'])

/** In process a batch is bounded by how long one transaction should hold SQLite's write lock (~10-30 ms). */
const SQL_BATCH_LIMITS: BatchLimits = { metrics: 10_000, params: 100, tags: 100, total: 10_000 }

/**
 * The tracking store on SQLite or PostgreSQL, from one query code path (Kysely). See `TrackingStore`
 * for the contract; a new run's artifacts go to `file://<artifactRoot>/<experimentId>/<runId>/artifacts`
 * unless its experiment names another location.
 */
export class SqlTrackingStore implements TrackingStore {
  readonly batchLimits = SQL_BATCH_LIMITS
  readonly #sql: SqlDatabase
  readonly #artifactRoot: string

  private constructor(sql: SqlDatabase, artifactRoot: string) {
    this.#sql = sql
    this.#artifactRoot = artifactRoot
  }

  /** Opens and migrates the database and makes sure the `Default` experiment exists. */
  static async open(config: SqlTrackingStoreConfig): Promise<SqlTrackingStore> {
    const store = new SqlTrackingStore(await openSqlDatabase(config.database), config.artifactRoot)
    await store.#ensureDefaultExperiment()
    return store
  }

  get #db(): Kysely<Database> {
    return this.#sql.db
  }

  async #ensureDefaultExperiment(): Promise<void> {
    const now = Date.now()
    await this.#sql.writeTransaction((trx) =>
      trx
        .insertInto('experiments')
        .values({
          experiment_id: DEFAULT_EXPERIMENT_ID,
          name: DEFAULT_EXPERIMENT_NAME,
          artifact_location: this.#defaultLocation(DEFAULT_EXPERIMENT_ID),
          lifecycle_stage: 'active',
          creation_time: now,
          last_update_time: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute(),
    )
  }

  #defaultLocation(experimentId: string): string {
    return pathToFileURL(join(this.#artifactRoot, experimentId)).href
  }

  async createExperiment(input: CreateExperimentInput): Promise<Experiment> {
    const name = validateExperimentName(input.name)
    const tags = Object.entries(input.tags ?? {}).map(([key, value]) => ({
      key: validateKey('tags.key', key),
      value: validateTagValue(`tags.${key}`, value),
    }))
    const experimentId = newExperimentId()
    const now = Date.now()
    await this.#sql
      .writeTransaction(async (trx) => {
        await this.#refuseTakenName(trx, name)
        await trx
          .insertInto('experiments')
          .values({
            experiment_id: experimentId,
            name,
            artifact_location: input.artifactLocation ?? this.#defaultLocation(experimentId),
            lifecycle_stage: 'active',
            creation_time: now,
            last_update_time: now,
          })
          .execute()
        if (tags.length > 0) {
          await trx
            .insertInto('experiment_tags')
            .values(tags.map((t) => ({ experiment_id: experimentId, ...t })))
            .execute()
        }
      })
      .catch((error) => {
        throw isUniqueViolation(error) ? nameTaken(name) : error
      })
    return this.getExperiment(experimentId)
  }

  async #refuseTakenName(trx: Transaction<Database>, name: string): Promise<void> {
    const taken = await trx
      .selectFrom('experiments')
      .select('experiment_id')
      .where('name', '=', name)
      .executeTakeFirst()
    if (taken) throw nameTaken(name)
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const experiment = await findExperiment(this.#db, { column: 'experiment_id', value: experimentId })
    if (!experiment) throw notFound('experiment', experimentId)
    return experiment
  }

  async getExperimentByName(name: string): Promise<Experiment> {
    const experiment = await findExperiment(this.#db, { column: 'name', value: name })
    if (!experiment) throw notFound('experiment', name)
    return experiment
  }

  searchExperiments(query: SearchExperimentsQuery = {}): Promise<Page<Experiment>> {
    return searchExperimentPage(this.#db, query)
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    const name = validateExperimentName(newName)
    await this.#sql
      .writeTransaction(async (trx) => {
        await requireExperiment(trx, experimentId)
        const taken = await trx
          .selectFrom('experiments')
          .select('experiment_id')
          .where('name', '=', name)
          .executeTakeFirst()
        if (taken && taken.experiment_id !== experimentId) throw nameTaken(name)
        await trx
          .updateTable('experiments')
          .set({ name, last_update_time: Date.now() })
          .where('experiment_id', '=', experimentId)
          .execute()
      })
      .catch((error) => {
        throw isUniqueViolation(error) ? nameTaken(name) : error
      })
  }

  deleteExperiment(experimentId: string): Promise<void> {
    return this.#setExperimentStage(experimentId, 'deleted')
  }

  restoreExperiment(experimentId: string): Promise<void> {
    return this.#setExperimentStage(experimentId, 'active')
  }

  /** MLflow's semantics: an experiment's runs follow it into deletion and back. */
  async #setExperimentStage(experimentId: string, stage: 'active' | 'deleted'): Promise<void> {
    await this.#sql.writeTransaction(async (trx) => {
      await requireExperiment(trx, experimentId)
      await trx
        .updateTable('experiments')
        .set({ lifecycle_stage: stage, last_update_time: Date.now() })
        .where('experiment_id', '=', experimentId)
        .execute()
      await trx
        .updateTable('runs')
        .set({ lifecycle_stage: stage })
        .where('experiment_id', '=', experimentId)
        .execute()
    })
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    validateKey('key', key)
    validateTagValue('value', value)
    await this.#sql.writeTransaction(async (trx) => {
      await requireExperiment(trx, experimentId)
      await trx
        .insertInto('experiment_tags')
        .values({ experiment_id: experimentId, key, value })
        .onConflict((oc) => oc.columns(['experiment_id', 'key']).doUpdateSet({ value }))
        .execute()
    })
  }

  async createRun(input: CreateRunInput = {}): Promise<Run> {
    const experimentId = input.experimentId ?? DEFAULT_EXPERIMENT_ID
    const runName = validateRunName(input.runName ?? input.tags?.['mlflow.runName'] ?? generateRunName())
    const startTime = validateInteger('start_time', input.startTime ?? Date.now())
    const tags: Record<string, string> = { ...input.tags, 'mlflow.runName': runName }
    if (input.userId !== undefined && tags['mlflow.user'] === undefined) tags['mlflow.user'] = input.userId
    const tagList = Object.entries(tags).map(([key, value]) => ({ key, value }))
    validateBatch({ tags: tagList }, this.batchLimits)
    const runId = newRunId()
    await this.#sql.writeTransaction(async (trx) => {
      const experiment = await requireExperiment(trx, experimentId)
      if (experiment.lifecycle_stage !== 'active') {
        throw invalidValue(
          'experiment_id',
          `experiment '${experimentId}' is deleted; restore it or pick an active one`,
        )
      }
      if (input.parentRunId !== undefined) await requireRun(trx, input.parentRunId)
      await trx
        .insertInto('runs')
        .values({
          run_uuid: runId,
          experiment_id: experimentId,
          name: runName,
          user_id: input.userId ?? '',
          status: 'RUNNING',
          start_time: startTime,
          end_time: null,
          lifecycle_stage: 'active',
          artifact_uri: `${experiment.artifact_location.replace(/\/+$/, '')}/${runId}/artifacts`,
          parent_run_id: input.parentRunId ?? null,
        })
        .execute()
      await trx
        .insertInto('tags')
        .values(tagList.map((t) => ({ run_uuid: runId, ...t })))
        .execute()
    })
    return this.getRun(runId)
  }

  async getRun(runId: string): Promise<Run> {
    const [run] = await loadRuns(this.#db, [runId])
    if (!run) throw notFound('run', runId)
    return run
  }

  async updateRun(runId: string, input: UpdateRunInput): Promise<RunInfo> {
    const status = input.status === undefined ? undefined : validateStatus('status', input.status)
    const endTime = input.endTime === undefined ? undefined : validateInteger('end_time', input.endTime)
    const runName = input.runName === undefined ? undefined : validateRunName(input.runName)
    await this.#sql.writeTransaction(async (trx) => {
      await requireActiveRun(trx, runId)
      const set: Partial<Database['runs']> = {}
      if (status !== undefined) set.status = status
      if (endTime !== undefined) set.end_time = endTime
      else if (status !== undefined && TERMINAL.has(status)) set.end_time = Date.now()
      if (runName !== undefined) set.name = runName
      if (Object.keys(set).length > 0)
        await trx.updateTable('runs').set(set).where('run_uuid', '=', runId).execute()
      if (runName !== undefined)
        await writeBatch(trx, runId, { tags: [{ key: 'mlflow.runName', value: runName }] })
    })
    return (await this.getRun(runId)).info
  }

  deleteRun(runId: string): Promise<void> {
    return this.#setRunStage(runId, 'deleted')
  }

  restoreRun(runId: string): Promise<void> {
    return this.#setRunStage(runId, 'active')
  }

  async #setRunStage(runId: string, stage: 'active' | 'deleted'): Promise<void> {
    await this.#sql.writeTransaction(async (trx) => {
      await requireRun(trx, runId)
      await trx.updateTable('runs').set({ lifecycle_stage: stage }).where('run_uuid', '=', runId).execute()
    })
  }

  async logBatch(runId: string, batch: LogBatchInput): Promise<void> {
    validateBatch(batch, this.batchLimits)
    await this.#sql.writeTransaction(async (trx) => {
      await requireActiveRun(trx, runId)
      await writeBatch(trx, runId, batch)
    })
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.#sql.writeTransaction(async (trx) => {
      await requireActiveRun(trx, runId)
      const result = await trx
        .deleteFrom('tags')
        .where('run_uuid', '=', runId)
        .where('key', '=', key)
        .executeTakeFirst()
      if (Number(result.numDeletedRows) === 0) throw notFound('tag', key)
    })
  }

  async getMetricHistory(runId: string, key: string): Promise<readonly Metric[]> {
    await requireRun(this.#db, runId)
    const rows = await this.#db
      .selectFrom('metrics')
      .select(['key', 'value', 'timestamp', 'step', 'is_nan'])
      .where('run_uuid', '=', runId)
      .where('key', '=', key)
      .orderBy('step')
      .orderBy('timestamp')
      .execute()
    return rows.map(rowToMetric)
  }

  async searchRuns(query: SearchRunsQuery = {}): Promise<Page<Run>> {
    const { runIds, nextPageToken } = await searchRunIds(this.#sql, query)
    const items = await loadRuns(this.#db, runIds)
    return nextPageToken === undefined ? { items } : { items, nextPageToken }
  }

  async recordArtifacts(runId: string, files: readonly ArtifactInfo[]): Promise<void> {
    const rows = files
      .filter((f) => !f.isDir && f.sha256 !== undefined)
      .map((f) => ({ run_uuid: runId, path: f.path, file_size: f.fileSize ?? 0, sha256: f.sha256 as string }))
    await this.#sql.writeTransaction(async (trx) => {
      await requireRun(trx, runId)
      if (rows.length === 0) return
      await trx
        .insertInto('artifacts')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['run_uuid', 'path']).doUpdateSet({
            file_size: (eb) => eb.ref('excluded.file_size'),
            sha256: (eb) => eb.ref('excluded.sha256'),
          }),
        )
        .execute()
    })
  }

  async listArtifactRecords(runId: string): Promise<readonly ArtifactInfo[]> {
    await requireRun(this.#db, runId)
    const rows = await this.#db
      .selectFrom('artifacts')
      .selectAll()
      .where('run_uuid', '=', runId)
      .orderBy('path')
      .execute()
    return rows.map((r) => ({ path: r.path, isDir: false, fileSize: r.file_size, sha256: r.sha256 }))
  }

  close(): Promise<void> {
    return this.#sql.close()
  }
}
