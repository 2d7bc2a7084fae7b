import type { ModelRegistry, ModelVersion } from '../../registry/index.js'
import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { DriftOptions } from '../drift/index.js'
import type { PredictionLogStore, PredictionQuery } from '../prediction-log/index.js'
import { DEFAULT_MONITOR_WINDOW, parseWindow } from './monitor-window.js'
import type { ReferenceSource } from './reference-source.js'
import { NO_TRAFFIC, summarizeTraffic, TRAFFIC_COLUMNS, type TrafficSummary } from './traffic-summary.js'
import { type DriftSection, versionDrift } from './version-drift.js'
import { type QualityComparison, versionQuality } from './version-quality.js'

/** What a monitor report reads. */
export interface MonitorDeps {
  readonly registry: Pick<ModelRegistry, 'getModel' | 'getVersion'>
  readonly log: Pick<PredictionLogStore, 'columns' | 'labelled'>
  /** Each version's drift reference; see `runReferenceSource`. */
  readonly references: ReferenceSource
  /** The clock, epoch ms; default `Date.now`. */
  readonly now?: () => number
}

/** Which model, versions and window a report covers. */
export interface MonitorRequest {
  readonly model: string
  /** One version; default: every version with records in the window. */
  readonly version?: number
  /** How far back the window reaches, as `parseWindow` reads it. Default `24h`. */
  readonly window?: string
  /** The window's end, epoch ms (exclusive); default now. */
  readonly until?: number
  /** How drift is tested (per-feature methods and thresholds, dataset share). */
  readonly drift?: DriftOptions
}

/**
 * How a model did over a window: traffic, drift against each version's training data, and live
 * quality from the labels that came back, beside the version's training metrics. Plain JSON (no
 * non-finite numbers), the same for the CLI, the HTML report and the API; `reportVersion` changes
 * when a field changes meaning.
 */
export interface MonitorReport {
  readonly reportVersion: 1
  readonly model: string
  /** Epoch ms, `since` inclusive, `until` exclusive; `length` as it was asked for (`24h`). */
  readonly window: { readonly since: number; readonly until: number; readonly length: string }
  /** Requests clients sent to the model (shadow copies not counted), whichever version answered. */
  readonly traffic: TrafficSummary
  /** Ascending by version. */
  readonly versions: readonly VersionMonitor[]
}

/** One version over the window. */
export interface VersionMonitor {
  readonly version: number
  /** The run that trained it; null when imported or no longer registered. */
  readonly runId: string | null
  /** False for a version with records in the window that the registry no longer has. */
  readonly registered: boolean
  /** Its records, shadow copies included. */
  readonly traffic: TrafficSummary
  readonly drift: DriftSection
  /** Null when the version is no longer registered, or is a classifier whose signature names no classes. */
  readonly quality: QualityComparison | null
}

/**
 * Builds the monitor report of `request.model`. Reads the window's traffic columns once, then per
 * version its reference, its successful predictions' input and output columns, and its labelled rows.
 * Throws `RESOURCE_DOES_NOT_EXIST` for an unknown model or version and `INVALID_PARAMETER_VALUE`
 * naming `window`, `until` or a drift option. A version without a reference gets a report whose drift
 * says why, not an error.
 *
 * @example
 * const report = await monitorReport(
 *   { registry, log, references: runReferenceSource(store, artifacts) },
 *   { model: 'churn', window: '24h' },
 * )
 */
export async function monitorReport(deps: MonitorDeps, request: MonitorRequest): Promise<MonitorReport> {
  const length = request.window ?? DEFAULT_MONITOR_WINDOW
  const windowMs = parseWindow(length)
  const until = request.until ?? (deps.now ?? Date.now)()
  if (!Number.isFinite(until)) throw invalidValue('until', `must be epoch milliseconds, got ${until}`)
  await deps.registry.getModel(request.model)
  const asked =
    request.version === undefined ? null : await deps.registry.getVersion(request.model, request.version)
  const since = until - windowMs
  const window: PredictionQuery = { model: request.model, since, until }
  const traffic = summarizeTraffic(await deps.log.columns(window, TRAFFIC_COLUMNS))
  const numbers = asked ? [asked.version] : [...traffic.versions.keys()].sort((a, b) => a - b)
  const versions: VersionMonitor[] = []
  for (const number of numbers) {
    const registered = asked ?? (await registeredVersion(deps, request.model, number))
    const seen = traffic.versions.get(number) ?? NO_TRAFFIC
    versions.push(
      registered === null
        ? unregistered(number, seen)
        : await monitorVersion(deps, { ...window, version: number }, registered, seen, request.drift),
    )
  }
  return {
    reportVersion: 1,
    model: request.model,
    window: { since, until, length },
    traffic: traffic.model,
    versions,
  }
}

async function monitorVersion(
  deps: MonitorDeps,
  query: PredictionQuery & { readonly version: number },
  version: ModelVersion,
  traffic: TrafficSummary,
  driftOptions: DriftOptions | undefined,
): Promise<VersionMonitor> {
  const lookup = await deps.references(version)
  const drift = lookup.found
    ? await versionDrift(deps.log, query, lookup.reference, driftOptions)
    : ({ available: false, reason: lookup.reason } as const)
  const labelled = await deps.log.labelled({
    model: version.name,
    version: query.version,
    since: query.since!,
    until: query.until!,
  })
  return {
    version: version.version,
    runId: version.lineage.runId,
    registered: true,
    traffic,
    drift,
    quality: versionQuality(version, labelled, traffic.records),
  }
}

function unregistered(version: number, traffic: TrafficSummary): VersionMonitor {
  return {
    version,
    runId: null,
    registered: false,
    traffic,
    drift: {
      available: false,
      reason: `version ${version} is no longer in the registry, so its reference is unknown`,
    },
    quality: null,
  }
}

/** A version the log names, or null when the registry no longer has it (deleted since). */
async function registeredVersion(
  deps: MonitorDeps,
  model: string,
  version: number,
): Promise<ModelVersion | null> {
  try {
    return await deps.registry.getVersion(model, version)
  } catch (error) {
    if (error instanceof ShipyardError && error.code === 'RESOURCE_DOES_NOT_EXIST') return null
    throw error
  }
}
