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

  registered_models: {
    name: string
    description: string
    creation_time: number
    last_updated_time: number
    /** The highest version number ever given (versions are never reused). */
    last_version: number
  }
  registered_model_tags: { name: string; key: string; value: string }
  model_versions: {
    name: string
    version: number
    creation_time: number
    last_updated_time: number
    description: string
    sha256: string
    size_bytes: number
    artifact_uri: string
    run_id: string | null
    source: string
    /** JSON: the `ModelSignature`. */
    signature: string
    /** JSON: metric → value (non-finite values as the strings "NaN", "Infinity", "-Infinity"). */
    metrics: string
    /** JSON: the lineage but its run id and source, which have columns. */
    lineage: string
  }
  model_version_tags: { name: string; version: number; key: string; value: string }
  registered_model_aliases: { name: string; alias: string; version: number }
  /** Append-only; ids come from `registry_state.alias_generation`, so they follow commit order. */
  model_alias_events: {
    id: number
    name: string
    alias: string
    from_version: number | null
    to_version: number | null
    time: number
    user_id: string
    reason: string
  }
  /** One row (id 1): the counter every alias change, model rename and model delete bumps. */
  registry_state: { id: number; alias_generation: number }

  /** Alerts of the monitor schedule; at most one `firing` row per (model, condition_name). */
  model_alerts: {
    id: string
    model: string
    version: number | null
    condition_name: string
    kind: string
    state: string
    value: number
    threshold: number
    fired_at: number
    resolved_at: number | null
    resolved_value: number | null
    /** JSON: the firing transition's `WebhookDelivery`. */
    firing_webhook: string | null
    /** JSON: the resolved transition's `WebhookDelivery`. */
    resolved_webhook: string | null
    /** JSON: the retraining command's status but its run id. */
    retrain: string | null
    retrain_run_id: string | null
  }
}
