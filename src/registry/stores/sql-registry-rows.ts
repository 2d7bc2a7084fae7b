import type { Selectable } from 'kysely'
import type { ModelSignature } from '../../models/index.js'
import type { Database } from '../../sql/index.js'
import type { AliasEvent, ModelLineage, ModelVersion, RegisteredModel } from '../types.js'

export type ModelRow = Selectable<Database['registered_models']>
export type VersionRow = Selectable<Database['model_versions']>
export type EventRow = Selectable<Database['model_alias_events']>

/** The lineage's JSON column: everything but the run id and source, which have their own columns. */
type StoredLineage = Omit<ModelLineage, 'runId' | 'source'>

/** JSON with non-finite numbers spelled out ("NaN", "Infinity", "-Infinity"): JSON would make them null. */
export function metricsToJson(metrics: Readonly<Record<string, number>>): string {
  return JSON.stringify(metrics, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  )
}

function metricsFromJson(text: string): Record<string, number> {
  const parsed = JSON.parse(text) as Record<string, number | string>
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, Number(value)]))
}

/** The lineage as stored: its JSON part, and the run id and source for their columns. */
export function lineageToColumns(lineage: ModelLineage): Pick<VersionRow, 'run_id' | 'source' | 'lineage'> {
  const stored: StoredLineage = {
    datasetFingerprints: lineage.datasetFingerprints,
    params: lineage.params,
    gitCommit: lineage.gitCommit,
    trainingProfile: lineage.trainingProfile,
  }
  return { run_id: lineage.runId, source: lineage.source, lineage: JSON.stringify(stored) }
}

export function rowToModel(
  row: ModelRow,
  parts: {
    readonly tags: Readonly<Record<string, string>>
    readonly aliases: Readonly<Record<string, number>>
    readonly latestVersion: number | null
  },
): RegisteredModel {
  return {
    name: row.name,
    description: row.description,
    tags: parts.tags,
    creationTime: row.creation_time,
    lastUpdatedTime: row.last_updated_time,
    latestVersion: parts.latestVersion,
    aliases: parts.aliases,
  }
}

export function rowToVersion(
  row: VersionRow,
  tags: Readonly<Record<string, string>>,
  aliases: readonly string[],
): ModelVersion {
  const stored = JSON.parse(row.lineage) as StoredLineage
  return {
    name: row.name,
    version: row.version,
    creationTime: row.creation_time,
    lastUpdatedTime: row.last_updated_time,
    description: row.description,
    tags,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    artifactUri: row.artifact_uri,
    signature: JSON.parse(row.signature) as ModelSignature,
    metrics: metricsFromJson(row.metrics),
    lineage: { runId: row.run_id, ...stored, source: row.source },
    aliases,
  }
}

export function rowToEvent(row: EventRow): AliasEvent {
  return {
    name: row.name,
    alias: row.alias,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    time: row.time,
    user: row.user_id,
    reason: row.reason,
  }
}
