import type { TrackingStore } from '../../tracking/index.js'
import { invalidWireValue } from './wire-mapping.js'

/** The run and the folder in its artifacts that a `model-versions/create` source names. */
export interface RunModelSource {
  readonly runId: string
  /** Relative to the run's artifact root; undefined: the root itself. */
  readonly artifactPath: string | undefined
}

const RUNS_URI = /^runs:\/([^/]+)(?:\/(.*))?$/

/**
 * Reads MLflow's `source` of a new version. Shipyard registers models from tracked runs only, so the
 * source is either `runs:/<run_id>/<path>`, or what MLflow's clients send for such a URI after
 * resolving it: the run's artifact URI plus the path, with `run_id` naming the run. Anything else is
 * `INVALID_PARAMETER_VALUE` on `source`; an unknown run is `RESOURCE_DOES_NOT_EXIST`.
 */
export async function runModelSource(
  store: TrackingStore,
  source: string,
  runId: string | undefined,
): Promise<RunModelSource> {
  const uri = RUNS_URI.exec(source)
  if (uri !== null) return { runId: uri[1] ?? '', artifactPath: trimSlashes(uri[2]) }
  if (runId) {
    const root = trimTrailingSlashes((await store.getRun(runId)).info.artifactUri)
    if (source === root || source.startsWith(`${root}/`)) {
      return { runId, artifactPath: trimSlashes(source.slice(root.length)) }
    }
  }
  throw invalidWireValue(
    'source',
    source,
    runId
      ? `expected runs:/<run_id>/<path>, or a path under the artifact URI of run ${runId}`
      : 'expected runs:/<run_id>/<path> (Shipyard registers the ONNX models of tracked runs), or give run_id with a path under its artifact URI',
  )
}

function trimSlashes(path: string | undefined): string | undefined {
  const trimmed = path?.replace(/^\/+|\/+$/g, '')
  return trimmed ? trimmed : undefined
}

function trimTrailingSlashes(uri: string): string {
  return uri.replace(/\/+$/, '')
}
