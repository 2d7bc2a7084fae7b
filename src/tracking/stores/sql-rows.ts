import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../../sql/index.js'
import type { Experiment, LifecycleStage, Metric, Run, RunStatus } from '../types.js'

type RunRow = Selectable<Database['runs']>
type MetricRow = Pick<Selectable<Database['metrics']>, 'key' | 'value' | 'timestamp' | 'step' | 'is_nan'>

/** NaN cannot be stored in SQLite, so it travels as a flag with value 0 (MLflow's scheme). */
export function metricToRow(metric: Metric): Omit<MetricRow, 'key'> {
  const isNan = Number.isNaN(metric.value)
  return {
    value: isNan ? 0 : metric.value,
    is_nan: isNan ? 1 : 0,
    timestamp: metric.timestamp,
    step: metric.step,
  }
}

export function rowToMetric(row: MetricRow): Metric {
  return {
    key: row.key,
    value: row.is_nan ? Number.NaN : Number(row.value),
    timestamp: row.timestamp,
    step: row.step,
  }
}

export function rowToExperiment(
  row: Selectable<Database['experiments']>,
  tags: Record<string, string>,
): Experiment {
  return {
    experimentId: row.experiment_id,
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
    creationTime: row.creation_time,
    lastUpdateTime: row.last_update_time,
    tags,
  }
}

/**
 * Loads whole runs (info, params, tags, latest metrics) for `runIds` in four queries, whatever
 * their number, and returns them in the order given. Missing ids are left out.
 */
export async function loadRuns(db: Kysely<Database>, runIds: readonly string[]): Promise<Run[]> {
  if (runIds.length === 0) return []
  const ids = [...runIds]
  const [runs, params, tags, metrics] = await Promise.all([
    db.selectFrom('runs').selectAll().where('run_uuid', 'in', ids).execute(),
    db.selectFrom('params').selectAll().where('run_uuid', 'in', ids).execute(),
    db.selectFrom('tags').selectAll().where('run_uuid', 'in', ids).execute(),
    db.selectFrom('latest_metrics').selectAll().where('run_uuid', 'in', ids).execute(),
  ])
  const byId = new Map<string, RunParts>(
    runs.map((row) => [row.run_uuid, { row, params: {}, tags: {}, metrics: {} }]),
  )
  for (const p of params) byId.get(p.run_uuid)!.params[p.key] = p.value
  for (const t of tags) byId.get(t.run_uuid)!.tags[t.key] = t.value
  for (const m of metrics) byId.get(m.run_uuid)!.metrics[m.key] = rowToMetric(m)
  return ids.flatMap((id) => {
    const parts = byId.get(id)
    return parts ? [toRun(parts)] : []
  })
}

interface RunParts {
  readonly row: RunRow
  readonly params: Record<string, string>
  readonly tags: Record<string, string>
  readonly metrics: Record<string, Metric>
}

function toRun({ row, params, tags, metrics }: RunParts): Run {
  return {
    info: {
      runId: row.run_uuid,
      runName: row.name,
      experimentId: row.experiment_id,
      userId: row.user_id,
      status: row.status as RunStatus,
      startTime: row.start_time,
      endTime: row.end_time,
      lifecycleStage: row.lifecycle_stage as LifecycleStage,
      artifactUri: row.artifact_uri,
      parentRunId: row.parent_run_id,
    },
    data: { params, tags, metrics },
  }
}
