/**
 * Tracking's domain types. Records returned by a store are immutable snapshots; semantics follow
 * MLflow's where it has them (statuses, lifecycle stages, the `Default` experiment `0`).
 */

/** MLflow's run statuses. SCHEDULED is accepted for compatibility; Shipyard never sets it itself. */
export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** Soft deletion: deleted things keep their data and can be restored. */
export type LifecycleStage = 'active' | 'deleted'

/** Which lifecycle stages a listing includes. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL'

/** The experiment every run without one goes to. */
export const DEFAULT_EXPERIMENT_ID = '0'
export const DEFAULT_EXPERIMENT_NAME = 'Default'

export interface Experiment {
  readonly experimentId: string
  readonly name: string
  readonly artifactLocation: string
  readonly lifecycleStage: LifecycleStage
  readonly creationTime: number
  readonly lastUpdateTime: number
  readonly tags: Readonly<Record<string, string>>
}

export interface RunInfo {
  readonly runId: string
  readonly runName: string
  readonly experimentId: string
  readonly userId: string
  readonly status: RunStatus
  /** Epoch milliseconds. */
  readonly startTime: number
  readonly endTime: number | null
  readonly lifecycleStage: LifecycleStage
  readonly artifactUri: string
  readonly parentRunId: string | null
}

/** One metric point. `value` may be NaN or ±Infinity. */
export interface Metric {
  readonly key: string
  readonly value: number
  /** Epoch milliseconds. */
  readonly timestamp: number
  readonly step: number
}

export interface RunData {
  readonly params: Readonly<Record<string, string>>
  readonly tags: Readonly<Record<string, string>>
  /** The latest point of each metric: highest step, then latest timestamp, then largest value (MLflow's rule). */
  readonly metrics: Readonly<Record<string, Metric>>
}

export interface Run {
  readonly info: RunInfo
  readonly data: RunData
}

export type { ArtifactInfo } from '../artifacts/index.js'

/** A page of results and the token for the next one (absent on the last page). */
export interface Page<T> {
  readonly items: readonly T[]
  readonly nextPageToken?: string
}

export interface CreateExperimentInput {
  readonly name: string
  readonly artifactLocation?: string
  readonly tags?: Readonly<Record<string, string>>
}

export interface SearchExperimentsQuery {
  readonly viewType?: ViewType
  /** Default 1000, at most 50000 (MLflow's limit for experiments). */
  readonly maxResults?: number
  readonly pageToken?: string
}

export interface CreateRunInput {
  /** Default: the `Default` experiment (`0`). */
  readonly experimentId?: string
  /** Default: a generated two-word name, as MLflow does. */
  readonly runName?: string
  /** Epoch milliseconds; default now. */
  readonly startTime?: number
  readonly userId?: string
  readonly parentRunId?: string
  readonly tags?: Readonly<Record<string, string>>
}

export interface UpdateRunInput {
  readonly status?: RunStatus
  readonly endTime?: number
  readonly runName?: string
}

export interface LogBatchInput {
  readonly metrics?: readonly Metric[]
  readonly params?: readonly { readonly key: string; readonly value: string }[]
  readonly tags?: readonly { readonly key: string; readonly value: string }[]
}

export interface SearchRunsQuery {
  /** Empty or absent: every experiment. */
  readonly experimentIds?: readonly string[]
  /** e.g. `metrics.auc > 0.8 and params.model = 'gbdt' and tags.team = 'risk'`. */
  readonly filter?: string
  /** e.g. `['metrics.auc DESC', 'attributes.start_time']`. Default: start time descending. */
  readonly orderBy?: readonly string[]
  readonly viewType?: ViewType
  /** Default 1000, at most 50000 (MLflow's limit). */
  readonly maxResults?: number
  readonly pageToken?: string
}
