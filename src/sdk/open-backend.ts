import { artifactStoreFor } from '../artifacts/index.js'
import { HttpRunArtifacts, HttpTrackingStore } from '../client/index.js'
import type { ShipyardConfig } from '../shared/index.js'
import type { RunArtifacts, TrackingStore } from '../tracking/index.js'
import { LocalRunArtifacts, SqlTrackingStore } from '../tracking/index.js'

/**
 * A tracking store and the run artifacts that go with it, opened together and closed together.
 *
 * @example
 * const shipyard = await Shipyard.open({ backend: await openBackend(config) })
 */
export interface TrackingBackend {
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
  /** Closes the store (connections, pools). Neither part may be used afterwards. */
  close(): Promise<void>
}

/**
 * The one place a tracking backend is chosen, from the configuration; callers never construct one.
 * `trackingUri` set: a Shipyard server over HTTP (store and artifacts both remote). Otherwise the SQL
 * store on `database` (SQLite or PostgreSQL, migrated on open) with artifacts written locally through
 * the artifact store each run's `artifactUri` names. Throws what the store's `open` throws
 * (`SHIPYARD_STORE_UNAVAILABLE`, `SHIPYARD_STORE_FOREIGN_DATABASE`).
 *
 * @example
 * const backend = await openBackend(loadConfig({ home: '/tmp/shipyard' }))
 * const run = await backend.store.createRun({ runName: 'smoke' })
 * await backend.close()
 */
export async function openBackend(config: ShipyardConfig): Promise<TrackingBackend> {
  if (config.trackingUri !== null) {
    const store = new HttpTrackingStore(config.trackingUri)
    return { store, artifacts: new HttpRunArtifacts(config.trackingUri), close: () => store.close() }
  }
  const store = await SqlTrackingStore.open({ database: config.database, artifactRoot: config.artifactRoot })
  return { store, artifacts: new LocalRunArtifacts(store, artifactStoreFor), close: () => store.close() }
}
