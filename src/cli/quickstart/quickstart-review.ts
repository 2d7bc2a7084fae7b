import { writeFile } from 'node:fs/promises'
import {
  type DriftStatus,
  loggedRequest,
  monitorReport,
  type PredictionLogStore,
  renderMonitorHtml,
  runReferenceSource,
  type TrainingQuality,
} from '../../monitoring/index.js'
import type { Shipyard } from '../../sdk/index.js'
import { type ReplayStatus, replayRecords } from '../../serving/index.js'

/** One logged request re-run in process on the version that served it. */
export interface QuickstartReplay {
  readonly requestId: string
  readonly loggedVersion: number | null
  readonly replayedVersion: number | null
  readonly status: ReplayStatus
  /** The churn probability as logged, and as the version answers now. */
  readonly logged: number | null
  readonly replayed: number | null
  /** The largest |new − logged| over the request's numeric outputs; null when none was compared. */
  readonly maxAbsDifference: number | null
  /** Answered then and now with the same label and every output exactly equal. */
  readonly identical: boolean
}

/** A feature's drift verdict, as the monitor's table lists it. */
export interface QuickstartFeatureDrift {
  readonly name: string
  readonly method: string
  readonly status: DriftStatus
}

/** The monitor report of the served version, in brief (`shipyard monitor churn --json` has it whole). */
export interface QuickstartMonitor {
  /** Where the HTML report was written. */
  readonly html: string
  readonly window: string
  readonly requests: number
  readonly errors: number
  readonly latencyMs: { readonly p50: number | null; readonly p99: number | null }
  readonly loggedRows: number
  readonly labelledRows: number
  /** `labelledRows / loggedRows`; null when nothing was logged. */
  readonly coverage: number | null
  /** Live AUC, log loss, accuracy and F1 on the labelled rows; null when none could be scored. */
  readonly live: Readonly<Record<string, number | null>> | null
  /** The same metrics at training time, on the data the run validated on. */
  readonly training: TrainingQuality
  readonly drift:
    | {
        readonly available: true
        /** Whether the dataset drifts (enough of its features do). */
        readonly drifted: boolean
        readonly driftedFeatures: number
        readonly features: readonly QuickstartFeatureDrift[]
        readonly prediction: QuickstartFeatureDrift | null
      }
    | { readonly available: false; readonly reason: string }
}

/**
 * Replays the logged request `requestId` on `version` of its model, as `shipyard replay <id>
 * --version <v>` would, and compares the churn probability logged with the one computed now.
 */
export async function replayLogged(
  shipyard: Shipyard,
  log: PredictionLogStore,
  requestId: string,
  version: number,
): Promise<QuickstartReplay> {
  const report = await replayRecords(await loggedRequest(log, requestId), shipyard.registry, {
    target: { kind: 'version', version },
  })
  const request = report.requests[0]!
  const row = request.rows[0]!
  const probability = (outputs: Readonly<Record<string, unknown>>) =>
    typeof outputs.probability === 'number' ? outputs.probability : null
  const { maxAbsDifference, labelsChanged } = report.summary
  return {
    requestId,
    loggedVersion: request.loggedVersion,
    replayedVersion: request.replayedVersion,
    status: request.status,
    logged: probability(row.logged),
    replayed: probability(row.replayed),
    maxAbsDifference,
    identical: request.status === 'answered' && labelsChanged === 0 && (maxAbsDifference ?? 0) === 0,
  }
}

/**
 * The monitor report of `version` of `model` over the default window (what `shipyard monitor` reads:
 * traffic, drift against the training run's reference, live quality from the labels sent), written
 * as HTML to `htmlPath` and returned in brief.
 */
export async function monitorServedVersion(
  shipyard: Shipyard,
  log: PredictionLogStore,
  target: { readonly model: string; readonly version: number },
  htmlPath: string,
): Promise<QuickstartMonitor> {
  const report = await monitorReport(
    { registry: shipyard.registry, log, references: runReferenceSource(shipyard.store, shipyard.artifacts) },
    { model: target.model, version: target.version },
  )
  await writeFile(htmlPath, renderMonitorHtml(report))
  const { traffic, drift, quality } = report.versions[0]!
  const verdict = (f: QuickstartFeatureDrift) => ({ name: f.name, method: f.method, status: f.status })
  return {
    html: htmlPath,
    window: report.window.length,
    requests: traffic.requests,
    errors: traffic.errors,
    latencyMs: traffic.latencyMs,
    loggedRows: quality?.live.loggedRows ?? traffic.records,
    labelledRows: quality?.live.labelledRows ?? 0,
    coverage: quality?.live.coverage ?? null,
    live: quality?.live.metrics ? { ...quality.live.metrics } : null,
    training: quality?.training ?? { dataset: null, metrics: {} },
    drift: drift.available
      ? {
          available: true,
          drifted: drift.report.drifted,
          driftedFeatures: drift.report.driftedFeatures,
          features: drift.report.features.map(verdict),
          prediction: drift.report.prediction && verdict(drift.report.prediction),
        }
      : drift,
  }
}
