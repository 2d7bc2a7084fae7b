import type { ModelSignature } from '../../models/index.js'
import type { LoggedValue, PredictionRecord, TrafficArm } from '../../monitoring/index.js'
import { ShipyardError } from '../../shared/index.js'
import { compareOutputs } from './output-comparison.js'
import { type ReplayError, ReplayModels, type ReplayRegistry, rerun } from './replay-runner.js'

/**
 * Which version a logged request is replayed against. `default`: the model's `production` alias,
 * else the version that answered it when logged.
 */
export type ReplayTarget =
  | { readonly kind: 'default' }
  | { readonly kind: 'version'; readonly version: number }
  | { readonly kind: 'alias'; readonly alias: string }

/** The alias a `default` target prefers. */
export const DEFAULT_REPLAY_ALIAS = 'production'

/**
 * How a replayed request fared against how it fared when logged:
 * - `answered`: answered then and now (compare the outputs);
 * - `now-answers`: failed then, answers now;
 * - `still-errors`: failed then and now (perhaps with another error);
 * - `now-errors`: answered then, fails now;
 * - `no-inputs`: failed before its rows were read, so the log has nothing to replay.
 */
export type ReplayStatus = 'answered' | 'now-answers' | 'still-errors' | 'now-errors' | 'no-inputs'

/** One row: its inputs, the logged and new outputs (empty where that side failed) and how they differ. */
export interface ReplayedRow {
  readonly row: number
  readonly inputs: Readonly<Record<string, LoggedValue>>
  readonly logged: Readonly<Record<string, LoggedValue>>
  readonly replayed: Readonly<Record<string, LoggedValue>>
  /** New − logged per output that is a number on both sides. */
  readonly differences: Readonly<Record<string, number>>
  /** Null unless both sides have a label. */
  readonly labelChanged: boolean | null
}

/** One logged request (the records of one arm: a shadow's records replay on their own) replayed. */
export interface ReplayedRequest {
  readonly requestId: string
  readonly model: string
  readonly arm: TrafficArm
  /** When the request was logged, epoch ms. */
  readonly time: number
  readonly loggedVersion: number | null
  /** Null when there was nothing to replay (`no-inputs`). */
  readonly replayedVersion: number | null
  readonly loggedError: ReplayError | null
  readonly replayedError: ReplayError | null
  readonly status: ReplayStatus
  readonly rows: readonly ReplayedRow[]
}

/** Totals over a replay. */
export interface ReplaySummary {
  readonly requests: number
  /** Rows run again (those of `no-inputs` requests are not). */
  readonly rows: number
  readonly labelsChanged: number
  /** The largest |new − logged| over every row and numeric output; null when none was compared. */
  readonly maxAbsDifference: number | null
  /** The output it was seen on. */
  readonly maxAbsDifferenceOutput: string | null
  /** Requests per status. */
  readonly statuses: Readonly<Record<ReplayStatus, number>>
}

/** A replay's requests, in the order their records came, and its totals. */
export interface ReplayReport {
  readonly requests: readonly ReplayedRequest[]
  readonly summary: ReplaySummary
}

/** Options of `replayRecords`. */
export interface ReplayOptions {
  /** Default `{kind: 'default'}`. */
  readonly target?: ReplayTarget
  /** A column the version does not take: refused (default, as `shipyard serve` does) or ignored. */
  readonly unknownColumns?: 'reject' | 'ignore'
}

/**
 * Replays logged records against a registered version in-process, as the inference server would
 * answer them now. Records are grouped into requests (request id and arm), in the order they come
 * (`search` order: newest first), each group's rows run together as one request. Each version is
 * loaded into onnxruntime once, and released before this returns. Throws only for a target that
 * cannot be resolved or loaded: an unknown model, version or alias (`RESOURCE_DOES_NOT_EXIST`), a
 * `default` target for a model without `production` whose logged request named no version
 * (`INVALID_PARAMETER_VALUE`), or what serving's `loadModel` throws. What the version answers,
 * errors included, is the report.
 *
 * @example
 * const records = await loggedRequest(log, requestId)
 * const report = await replayRecords(records, registry, { target: { kind: 'version', version: 4 } })
 * report.summary.maxAbsDifference // 0.031
 */
export async function replayRecords(
  records: readonly PredictionRecord[],
  registry: ReplayRegistry,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const models = new ReplayModels(registry)
  try {
    return await replayWith(records, registry, models, options)
  } finally {
    await models.release()
  }
}

async function replayWith(
  records: readonly PredictionRecord[],
  registry: ReplayRegistry,
  models: ReplayModels,
  options: ReplayOptions,
): Promise<ReplayReport> {
  // Every row of a logged request replays, however many: the log held them, so serving took them.
  const feeds = {
    unknownColumns: options.unknownColumns ?? 'reject',
    maxRows: Number.MAX_SAFE_INTEGER,
  } as const
  const resolve = versionResolver(registry, options.target ?? { kind: 'default' })
  const loggedSignature = signatureReader(registry)
  const requests: ReplayedRequest[] = []
  for (const group of requestGroups(records)) {
    const first = group[0]!
    const loggedError =
      first.errorCode === null ? null : { code: first.errorCode, message: first.errorMessage ?? '' }
    if (loggedError !== null && group.every((r) => Object.keys(r.inputs).length === 0)) {
      requests.push(replayed(group, { version: null, loggedError, replayedError: null, status: 'no-inputs' }))
      continue
    }
    const version = await resolve(first.model, first.version)
    const answeredBy = loggedError === null ? await loggedSignature(first.model, first.version) : undefined
    const outcome = await rerun(group, await models.get(first.model, version), feeds, answeredBy)
    if (outcome.kind === 'failed') {
      const status = loggedError === null ? 'now-errors' : 'still-errors'
      requests.push(replayed(group, { version, loggedError, replayedError: outcome.error, status }))
    } else {
      const status = loggedError === null ? 'answered' : 'now-answers'
      const fared = { version, loggedError, replayedError: null, status } as const
      requests.push(replayed(group, fared, outcome.outputs))
    }
  }
  return { requests, summary: summarise(requests) }
}

/** How one request fared on the version it was replayed on. */
interface Fared {
  readonly version: number | null
  readonly loggedError: ReplayError | null
  readonly replayedError: ReplayError | null
  readonly status: ReplayStatus
}

/** A replayed request from its records, how it fared and, when it answered, each row's new outputs. */
function replayed(
  group: readonly PredictionRecord[],
  fared: Fared,
  outputs: readonly Readonly<Record<string, LoggedValue>>[] = [],
): ReplayedRequest {
  const first = group[0]!
  return {
    requestId: first.requestId,
    model: first.model,
    arm: first.arm,
    time: first.time,
    loggedVersion: first.version,
    replayedVersion: fared.version,
    loggedError: fared.loggedError,
    replayedError: fared.replayedError,
    status: fared.status,
    rows: group.map((record, i) => {
      const replayedOutputs = outputs[i] ?? {}
      return {
        row: record.row,
        inputs: record.inputs,
        logged: record.outputs,
        replayed: replayedOutputs,
        ...compareOutputs(record.outputs, replayedOutputs),
      }
    }),
  }
}

/** Records grouped by request id and arm, groups in order of first appearance, rows in row order. */
function requestGroups(records: readonly PredictionRecord[]): PredictionRecord[][] {
  const groups = new Map<string, PredictionRecord[]>()
  for (const record of records) {
    const key = `${record.requestId}\u0000${record.arm}`
    let group = groups.get(key)
    if (group === undefined) {
      group = []
      groups.set(key, group)
    }
    group.push(record)
  }
  return [...groups.values()].map((group) => group.sort((a, b) => a.row - b.row))
}

/** The version each request replays on, the registry asked once per model (and logged version). */
function versionResolver(
  registry: ReplayRegistry,
  target: ReplayTarget,
): (model: string, logged: number | null) => Promise<number> {
  const resolved = new Map<string, Promise<number>>()
  const resolveOnce = (model: string, logged: number | null): Promise<number> => {
    switch (target.kind) {
      case 'version':
        return registry.getVersion(model, target.version).then((v) => v.version)
      case 'alias':
        return registry.resolve(model, target.alias).then((v) => v.version)
      case 'default':
        return registry
          .getModel(model)
          .then((m) => m.aliases[DEFAULT_REPLAY_ALIAS] ?? loggedOrNone(model, logged))
    }
  }
  return (model, logged) => {
    const key = `${model}\u0000${logged}`
    let version = resolved.get(key)
    if (version === undefined) {
      version = resolveOnce(model, logged)
      resolved.set(key, version)
    }
    return version
  }
}

/**
 * The signature of the version that answered a logged request, read once per version; undefined when
 * no version answered or the registry no longer has it (then nulls cannot be told from absences).
 */
function signatureReader(
  registry: ReplayRegistry,
): (model: string, version: number | null) => Promise<ModelSignature | undefined> {
  const read = new Map<string, Promise<ModelSignature | undefined>>()
  return (model, version) => {
    if (version === null) return Promise.resolve(undefined)
    const key = `${model}\u0000${version}`
    let signature = read.get(key)
    if (signature === undefined) {
      signature = registry.getVersion(model, version).then(
        (v) => v.signature,
        () => undefined,
      )
      read.set(key, signature)
    }
    return signature
  }
}

function loggedOrNone(model: string, logged: number | null): number {
  if (logged !== null) return logged
  throw new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `model '${model}' has no ${DEFAULT_REPLAY_ALIAS} alias and the logged request names no version: give a version or an alias to replay it on`,
    { details: { field: 'version', model } },
  )
}

function summarise(requests: readonly ReplayedRequest[]): ReplaySummary {
  const statuses: Record<ReplayStatus, number> = {
    answered: 0,
    'now-answers': 0,
    'still-errors': 0,
    'now-errors': 0,
    'no-inputs': 0,
  }
  let rows = 0
  let labelsChanged = 0
  let maxAbsDifference: number | null = null
  let maxAbsDifferenceOutput: string | null = null
  for (const request of requests) {
    statuses[request.status]++
    if (request.status !== 'no-inputs') rows += request.rows.length
    for (const row of request.rows) {
      if (row.labelChanged === true) labelsChanged++
      for (const [output, difference] of Object.entries(row.differences)) {
        if (maxAbsDifference === null || Math.abs(difference) > maxAbsDifference) {
          maxAbsDifference = Math.abs(difference)
          maxAbsDifferenceOutput = output
        }
      }
    }
  }
  return {
    requests: requests.length,
    rows,
    labelsChanged,
    maxAbsDifference,
    maxAbsDifferenceOutput,
    statuses,
  }
}
