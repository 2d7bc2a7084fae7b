import type {
  ArtifactInfo,
  CreateExperimentInput,
  CreateRunInput,
  Experiment,
  LogBatchInput,
  Metric,
  Page,
  Run,
  RunInfo,
  SearchExperimentsQuery,
  SearchRunsQuery,
  UpdateRunInput,
} from './types.js'
import type { BatchLimits } from './validation.js'

/**
 * The tracking store: experiments, runs and everything logged to them.
 *
 * Contract, for every backend (the SQL store on SQLite or PostgreSQL, the HTTP client of a server):
 * - Safe to call concurrently, from several processes too: writes are atomic and a committed write is
 *   never lost. `logBatch` is all-or-nothing.
 * - Returned records are immutable snapshots.
 * - Validation is the store's: MLflow's length limits (key 250 chars, param value 6000, tag value 5000),
 *   at most `batchLimits` entries per batch, and `INVALID_PARAMETER_VALUE` naming the field.
 * - Unknown experiment or run: `RESOURCE_DOES_NOT_EXIST`. Duplicate experiment name:
 *   `RESOURCE_ALREADY_EXISTS`. Re-logging a param with another value: `SHIPYARD_PARAM_IMMUTABLE`.
 *   Bad filter or order-by: `SHIPYARD_FILTER_INVALID` with the offending token's position.
 *   Bad page token: `SHIPYARD_PAGE_TOKEN_INVALID`.
 * - Paging is keyset-based: a token stays valid while rows are added, and pages never repeat a row.
 * - The `Default` experiment (`0`) exists from the start.
 *
 * Only the core is here; `logMetric`, `logParam`, `setTag` and friends are derived once, on top of
 * `logBatch`, by the SDK.
 */
export interface TrackingStore {
  /**
   * The largest batch `logBatch` takes. Over HTTP that is MLflow's per-request limit (1000 metrics,
   * 100 params, 100 tags); in process it is larger, because each batch is one transaction and fewer,
   * larger transactions are what make ingest fast on SQLite.
   */
  readonly batchLimits: BatchLimits

  createExperiment(input: CreateExperimentInput): Promise<Experiment>
  getExperiment(experimentId: string): Promise<Experiment>
  getExperimentByName(name: string): Promise<Experiment>
  /** Ordered by creation time, newest first, then id. */
  searchExperiments(query?: SearchExperimentsQuery): Promise<Page<Experiment>>
  renameExperiment(experimentId: string, newName: string): Promise<void>
  /** Soft delete; its runs are marked deleted too, as MLflow does. The `Default` experiment can be deleted. */
  deleteExperiment(experimentId: string): Promise<void>
  restoreExperiment(experimentId: string): Promise<void>
  setExperimentTag(experimentId: string, key: string, value: string): Promise<void>

  /** Starts a run in RUNNING state. The experiment must be active. */
  createRun(input?: CreateRunInput): Promise<Run>
  getRun(runId: string): Promise<Run>
  /** Status, end time and name; moving to a terminal status without an end time sets it to now. */
  updateRun(runId: string, input: UpdateRunInput): Promise<RunInfo>
  deleteRun(runId: string): Promise<void>
  restoreRun(runId: string): Promise<void>
  /** Metrics, params and tags in one atomic write. The run must be active (not deleted). */
  logBatch(runId: string, batch: LogBatchInput): Promise<void>
  deleteTag(runId: string, key: string): Promise<void>
  /** Every point of one metric, by step then timestamp. */
  getMetricHistory(runId: string, key: string): Promise<readonly Metric[]>
  /** Runs across experiments, filtered and ordered; see `SearchRunsQuery`. */
  searchRuns(query?: SearchRunsQuery): Promise<Page<Run>>

  /** Records what the artifact store wrote (path, size, sha256) so that lineage can name content by hash. */
  recordArtifacts(runId: string, files: readonly ArtifactInfo[]): Promise<void>
  /** The recorded files of a run, by path. */
  listArtifactRecords(runId: string): Promise<readonly ArtifactInfo[]>

  /** Releases connections. The store must not be used afterwards. */
  close(): Promise<void>
}
