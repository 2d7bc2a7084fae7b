import { ShipyardError } from '../shared/index.js'
import type { ArtifactStore } from './artifact-store.js'
import { LocalFsArtifactStore } from './stores/local-fs-artifact-store.js'

/**
 * Every artifact backend, by the URI scheme of the roots it serves (with its colon, lower case).
 * Backends are stateless, so each is created once, on first use. A new backend is one line here,
 * e.g. `'s3:': () => new S3ArtifactStore()` once `stores/s3-artifact-store.ts` exists.
 */
const BACKENDS: Readonly<Record<string, () => ArtifactStore>> = {
  'file:': () => new LocalFsArtifactStore(),
}

const opened = new Map<string, ArtifactStore>()

/** The URI schemes `artifactStoreFor` serves, e.g. `['file:']`. */
export const SUPPORTED_ARTIFACT_SCHEMES: readonly string[] = Object.keys(BACKENDS)

/**
 * The artifact store for a root URI (a run's `artifactUri`, an experiment's artifact location),
 * picked by its scheme; callers never construct a backend themselves. The same instance is returned
 * for every root of a scheme. Only the scheme is checked here; the backend validates the rest of
 * the URI when it is used.
 *
 * Throws `INVALID_PARAMETER_VALUE` naming the scheme and the supported ones.
 *
 * @example
 * const store = artifactStoreFor(run.info.artifactUri) // file:///home/me/.shipyard/artifacts/0/<run>/artifacts
 * await store.putFile(run.info.artifactUri, 'model/weights.bin', bytes)
 */
export function artifactStoreFor(rootUri: string): ArtifactStore {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(rootUri)?.[1]?.toLowerCase()
  const create = scheme === undefined ? undefined : BACKENDS[`${scheme}:`]
  if (scheme === undefined || create === undefined) {
    const named = scheme === undefined ? 'has no URI scheme' : `has the unsupported scheme '${scheme}:'`
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `artifact root '${rootUri}' ${named}; supported: ${SUPPORTED_ARTIFACT_SCHEMES.join(', ')} (e.g. file:///absolute/folder)`,
      { details: { rootUri, scheme: scheme ?? null, supported: SUPPORTED_ARTIFACT_SCHEMES } },
    )
  }
  let store = opened.get(scheme)
  if (store === undefined) {
    store = create()
    opened.set(scheme, store)
  }
  return store
}
