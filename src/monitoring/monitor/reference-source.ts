import type { ModelVersion } from '../../registry/index.js'
import { ShipyardError } from '../../shared/index.js'
import type { RunArtifacts, TrackingStore } from '../../tracking/index.js'
import type { ReferenceProfile } from '../drift/index.js'
import { REFERENCE_ARTIFACT } from './training-reference.js'

/** A version's drift reference, or why it has none (a version may well have none: that is no error). */
export type ReferenceLookup =
  | { readonly found: true; readonly reference: ReferenceProfile }
  | { readonly found: false; readonly reason: string }

/** Finds the drift reference of a registered version. */
export type ReferenceSource = (version: ModelVersion) => Promise<ReferenceLookup>

/**
 * The references training runs logged: `monitoring/reference.json` of the version's run
 * (`lineage.runId`). An imported version, a deleted run, a run trained before references were logged,
 * or a file that is not a reference each give a reason naming the version and the run. Store
 * failures other than a missing run or file are thrown.
 *
 * @example const references = runReferenceSource(shipyard.store, shipyard.artifacts)
 */
export function runReferenceSource(
  store: Pick<TrackingStore, 'getRun'>,
  artifacts: Pick<RunArtifacts, 'read'>,
): ReferenceSource {
  return async (version) => {
    const runId = version.lineage.runId
    const label = `version ${version.version}`
    if (runId === null) {
      return missing(
        `${label} was imported, not trained in a tracked run, so it has no training data to compare with`,
      )
    }
    const run = await orNull(store.getRun(runId))
    if (run === null) return missing(`${label} was trained in run ${runId}, which no longer exists`)
    const bytes = await orNull(artifacts.read(run.info, REFERENCE_ARTIFACT))
    if (bytes === null) {
      return missing(
        `run ${runId} of ${label} has no ${REFERENCE_ARTIFACT} (trained before drift references were logged); retrain it to monitor drift`,
      )
    }
    const reference = parseReference(bytes)
    return reference === null
      ? missing(
          `run ${runId} of ${label} has a ${REFERENCE_ARTIFACT} that is not a version 1 reference profile`,
        )
      : { found: true, reference }
  }
}

function missing(reason: string): ReferenceLookup {
  return { found: false, reason }
}

function parseReference(bytes: Buffer): ReferenceProfile | null {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as Partial<ReferenceProfile> | null
    return parsed?.version === 1 && Array.isArray(parsed.features) ? (parsed as ReferenceProfile) : null
  } catch {
    return null
  }
}

async function orNull<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup
  } catch (error) {
    if (error instanceof ShipyardError && error.code === 'RESOURCE_DOES_NOT_EXIST') return null
    throw error
  }
}
