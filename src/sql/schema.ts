/**
 * The metadata database's tables, as Kysely sees them. Column names follow MLflow's SQL store where it
 * has one, so people who know that schema find their way. Times are epoch milliseconds (BIGINT).
 * Metric values that are NaN are stored as `is_nan = 1` with value 0: SQLite cannot hold NaN.
 */
export interface Database {
  shipyard_meta: { key: string; value: string }
  experiments: {
    experiment_id: string
    name: string
    artifact_location: string
    lifecycle_stage: string
    creation_time: number
    last_update_time: number
  }
  experiment_tags: { experiment_id: string; key: string; value: string }
  runs: {
    run_uuid: string
    experiment_id: string
    name: string
    user_id: string
    status: string
    start_time: number
    end_time: number | null
    lifecycle_stage: string
    artifact_uri: string
    parent_run_id: string | null
  }
  params: { run_uuid: string; key: string; value: string }
  tags: { run_uuid: string; key: string; value: string }
  /** The full history of every metric. */
  metrics: { run_uuid: string; key: string; step: number; timestamp: number; value: number; is_nan: number }
  /** The latest point of each metric, kept apart from the history so that search never scans it. */
  latest_metrics: {
    run_uuid: string
    key: string
    step: number
    timestamp: number
    value: number
    is_nan: number
  }
  artifacts: { run_uuid: string; path: string; file_size: number; sha256: string }
}
