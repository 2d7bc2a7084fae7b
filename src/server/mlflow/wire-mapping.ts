import { ShipyardError } from '../../shared/index.js'
import type { ArtifactInfo, Experiment, Metric, Run, RunInfo } from '../../tracking/index.js'

/**
 * The one place where MLflow's snake_case wire shapes meet the tracking context's camelCase types.
 * Outgoing: records to the JSON MLflow clients read. Incoming: protobuf-JSON scalars (int64 as a
 * number or a decimal string, doubles as a number or `"NaN"`/`"Infinity"`) to plain numbers.
 */

/** A tag or param as MLflow sends and returns it. */
export interface WireKeyValue {
  readonly key: string
  readonly value: string
}

/** An int64 in protobuf JSON: a number or a decimal string. */
export type WireInt64 = number | string

/** A double in protobuf JSON: a number, a numeric string, or `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export type WireDouble = number | string

export interface WireExperiment {
  readonly experiment_id: string
  readonly name: string
  readonly artifact_location: string
  readonly lifecycle_stage: string
  readonly last_update_time: number
  readonly creation_time: number
  readonly tags: readonly WireKeyValue[]
}

export interface WireRunInfo {
  readonly run_id: string
  /** Deprecated by MLflow but still read by older clients. */
  readonly run_uuid: string
  readonly run_name: string
  readonly experiment_id: string
  readonly user_id: string
  readonly status: string
  readonly start_time: number
  /** Absent while the run has not ended, as in MLflow's protobuf JSON. */
  readonly end_time?: number
  readonly artifact_uri: string
  readonly lifecycle_stage: string
}

export interface WireMetric {
  readonly key: string
  /** A number, or `"NaN"`, `"Infinity"`, `"-Infinity"`, which JSON numbers cannot carry. */
  readonly value: number | string
  readonly timestamp: number
  readonly step: number
}

export interface WireRun {
  readonly info: WireRunInfo
  readonly data: {
    readonly metrics: readonly WireMetric[]
    readonly params: readonly WireKeyValue[]
    readonly tags: readonly WireKeyValue[]
  }
}

export interface WireFileInfo {
  readonly path: string
  readonly is_dir: boolean
  /** Absent for folders. */
  readonly file_size?: number
}

/** A metric as a client logs it; `step` defaults to 0. */
export interface WireMetricInput {
  readonly key: string
  readonly value: WireDouble
  readonly timestamp: WireInt64
  readonly step?: WireInt64
}

/** An experiment as MLflow returns it. */
export function experimentToWire(experiment: Experiment): WireExperiment {
  return {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
    tags: recordToWire(experiment.tags),
  }
}

/** A run's info as MLflow returns it; `run_uuid` repeats `run_id` for older clients. */
export function runInfoToWire(info: RunInfo): WireRunInfo {
  const wire: WireRunInfo = {
    run_id: info.runId,
    run_uuid: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
  }
  return info.endTime === null ? wire : { ...wire, end_time: info.endTime }
}

/** A whole run: info, then the latest value of each metric, params and tags. */
export function runToWire(run: Run): WireRun {
  return {
    info: runInfoToWire(run.info),
    data: {
      metrics: Object.values(run.data.metrics).map(metricToWire),
      params: recordToWire(run.data.params),
      tags: recordToWire(run.data.tags),
    },
  }
}

/** One metric point; non-finite values become the strings protobuf JSON uses. */
export function metricToWire(metric: Metric): WireMetric {
  return {
    key: metric.key,
    value: doubleToWire(metric.value),
    timestamp: metric.timestamp,
    step: metric.step,
  }
}

/** One artifact listing entry; sizes only for files. */
export function fileInfoToWire(info: ArtifactInfo): WireFileInfo {
  return info.isDir || info.fileSize === undefined
    ? { path: info.path, is_dir: info.isDir }
    : { path: info.path, is_dir: info.isDir, file_size: info.fileSize }
}

/** A key/value list to a record; a key given twice keeps its last value, as MLflow does for tags. */
export function recordFromWire(list: readonly WireKeyValue[] | undefined): Record<string, string> {
  const record: Record<string, string> = {}
  for (const { key, value } of list ?? []) record[key] = value
  return record
}

/** A metric from the wire; `field` names it in errors (`metrics[3]`, or `''` for a top-level metric). */
export function metricFromWire(field: string, metric: WireMetricInput): Metric {
  const at = (name: string) => (field === '' ? name : `${field}.${name}`)
  return {
    key: metric.key,
    value: doubleFromWire(at('value'), metric.value),
    timestamp: int64FromWire(at('timestamp'), metric.timestamp),
    step: metric.step === undefined ? 0 : int64FromWire(at('step'), metric.step),
  }
}

/** An int64 from the wire; refuses anything that is not a safe integer. */
export function int64FromWire(field: string, value: WireInt64): number {
  const number = typeof value === 'number' ? value : /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(number))
    throw invalidWireValue(field, value, 'expected an integer (a JSON number or a decimal string)')
  return number
}

/** The same, for optional fields. */
export function optionalInt64FromWire(field: string, value: WireInt64 | undefined): number | undefined {
  return value === undefined ? undefined : int64FromWire(field, value)
}

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
}

/** A double from the wire: a number, a numeric string, or one of protobuf JSON's non-finite names. */
export function doubleFromWire(field: string, value: WireDouble): number {
  if (typeof value === 'number') return value
  const named = NON_FINITE[value]
  if (named !== undefined) return named
  const number = value.trim() === '' ? Number.NaN : Number(value)
  if (!Number.isFinite(number))
    throw invalidWireValue(field, value, 'expected a number, "NaN", "Infinity" or "-Infinity"')
  return number
}

/**
 * An `INVALID_PARAMETER_VALUE` in MLflow's words (`Invalid value "x" for parameter 'f' supplied: …`),
 * with the field in `details` for machines.
 */
export function invalidWireValue(field: string, value: unknown, reason: string): ShipyardError {
  const shown = value === undefined ? 'undefined' : JSON.stringify(value)
  return new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `Invalid value ${shown} for parameter '${field}' supplied: ${reason}`,
    {
      details: { field },
    },
  )
}

/** MLflow's message for a missing required field. */
export function missingWireValue(field: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `Missing value for required parameter '${field}'.`, {
    details: { field },
  })
}

/** The run a request names: `run_id`, or the deprecated `run_uuid` that older clients send; `run_id` wins. */
export function runIdFromWire(body: { readonly run_id?: string; readonly run_uuid?: string }): string {
  const runId = body.run_id || body.run_uuid
  if (!runId) throw missingWireValue('run_id')
  return runId
}

function recordToWire(record: Readonly<Record<string, string>>): WireKeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }))
}

function doubleToWire(value: number): number | string {
  if (Number.isFinite(value)) return value
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'
}
