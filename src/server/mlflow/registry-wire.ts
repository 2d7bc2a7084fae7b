import type { ModelVersion, RegisteredModel } from '../../registry/index.js'
import { int64FromWire, invalidWireValue, type WireInt64, type WireKeyValue } from './wire-mapping.js'

/**
 * MLflow's model-registry wire shapes (`mlflow/protos/model_registry.proto`) and their mapping from
 * the registry's types. Versions travel as decimal strings, times as epoch ms. Shipyard has aliases
 * instead of stages: every version is in stage `None`, and ready once registered (`READY`).
 */

/** `ModelVersion` as MLflow returns it. */
export interface WireModelVersion {
  readonly name: string
  readonly version: string
  readonly creation_timestamp: number
  readonly last_updated_timestamp: number
  readonly current_stage: 'None'
  readonly description: string
  readonly source: string
  /** Absent for a version imported without a run, as protobuf JSON leaves unset fields out. */
  readonly run_id?: string
  readonly status: 'READY'
  readonly tags: readonly WireKeyValue[]
  readonly aliases: readonly string[]
}

/** `RegisteredModel` as MLflow returns it. */
export interface WireRegisteredModel {
  readonly name: string
  readonly creation_timestamp: number
  readonly last_updated_timestamp: number
  readonly description: string
  /** The latest version of each stage: here at most one, in stage `None`. */
  readonly latest_versions: readonly WireModelVersion[]
  readonly tags: readonly WireKeyValue[]
  readonly aliases: readonly { readonly alias: string; readonly version: string }[]
}

/** The one stage every Shipyard version is in. */
export const NONE_STAGE = 'None'

/** A version as MLflow returns it. */
export function modelVersionToWire(version: ModelVersion): WireModelVersion {
  const wire: WireModelVersion = {
    name: version.name,
    version: String(version.version),
    creation_timestamp: version.creationTime,
    last_updated_timestamp: version.lastUpdatedTime,
    current_stage: NONE_STAGE,
    description: version.description,
    source: version.lineage.source,
    status: 'READY',
    tags: keyValues(version.tags),
    aliases: version.aliases,
  }
  return version.lineage.runId === null ? wire : { ...wire, run_id: version.lineage.runId }
}

/** A registered model as MLflow returns it, with its latest version when it has one. */
export function registeredModelToWire(
  model: RegisteredModel,
  latest: ModelVersion | undefined,
): WireRegisteredModel {
  return {
    name: model.name,
    creation_timestamp: model.creationTime,
    last_updated_timestamp: model.lastUpdatedTime,
    description: model.description,
    latest_versions: latest === undefined ? [] : [modelVersionToWire(latest)],
    tags: keyValues(model.tags),
    aliases: Object.entries(model.aliases).map(([alias, version]) => ({ alias, version: String(version) })),
  }
}

/** A version number from the wire: MLflow sends a decimal string; a JSON number is taken too. */
export function versionFromWire(value: WireInt64, field = 'version'): number {
  const version = int64FromWire(field, value)
  if (version < 1) throw invalidWireValue(field, value, 'expected a version number (1, 2, 3...)')
  return version
}

function keyValues(record: Readonly<Record<string, string>>): WireKeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }))
}
