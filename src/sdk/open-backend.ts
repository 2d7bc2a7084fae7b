import { join } from 'node:path'
import { artifactStoreFor } from '../artifacts/index.js'
import { HttpRunArtifacts, HttpTrackingStore } from '../client/index.js'
import { type ModelRegistry, SqlModelRegistry } from '../registry/index.js'
import type { ShipyardConfig } from '../shared/index.js'
import type { RunArtifacts, TrackingStore } from '../tracking/index.js'
import { LocalRunArtifacts, SqlTrackingStore } from '../tracking/index.js'

/**
 * A tracking store, the run artifacts that go with it and the model registry, opened together and
 * closed together.
 *
 * @example
 * const shipyard = await Shipyard.open({ backend: await openBackend(config) })
 */
export interface TrackingBackend {
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
  /**
   * The model registry on the metadata database, or null when there is none to open: tracking goes
   * to a server (`trackingUri`) and no database was named (`databaseUrl`).
   */
  readonly registry: ModelRegistry | null
  /** Closes the store and the registry (connections, pools). No part may be used afterwards. */
  close(): Promise<void>
}

/**
 * The one place a tracking backend is chosen, from the configuration; callers never construct one.
 * `trackingUri` set: a Shipyard server over HTTP (store and artifacts both remote). Otherwise the SQL
 * store on `database` (SQLite or PostgreSQL, migrated on open) with artifacts written locally through
 * the artifact store each run's `artifactUri` names. The registry is the SQL registry on `database`
 * (ONNX bytes under `artifactRoot/models`) unless tracking is remote and no database URL was given.
 * Throws what the stores' `open` throws (`SHIPYARD_STORE_UNAVAILABLE`, `SHIPYARD_STORE_FOREIGN_DATABASE`).
 *
 * @example
 * const backend = await openBackend(loadConfig({ home: '/tmp/shipyard' }))
 * const run = await backend.store.createRun({ runName: 'smoke' })
 * await backend.close()
 */
export async function openBackend(config: ShipyardConfig): Promise<TrackingBackend> {
  const tracking = await openTracking(config)
  try {
    const registry = await openRegistry(config)
    return { ...tracking, registry, close: () => closeAll([tracking.store, registry]) }
  } catch (error) {
    await tracking.store.close()
    throw error
  }
}

function openTracking(config: ShipyardConfig): Promise<Pick<TrackingBackend, 'store' | 'artifacts'>> {
  if (config.trackingUri !== null) {
    return Promise.resolve({
      store: new HttpTrackingStore(config.trackingUri),
      artifacts: new HttpRunArtifacts(config.trackingUri),
    })
  }
  return SqlTrackingStore.open({ database: config.database, artifactRoot: config.artifactRoot }).then(
    (store) => ({ store, artifacts: new LocalRunArtifacts(store, artifactStoreFor) }),
  )
}

async function openRegistry(config: ShipyardConfig): Promise<ModelRegistry | null> {
  if (config.trackingUri !== null && !namesDatabase(config)) return null
  return SqlModelRegistry.open({ database: config.database, artifactRoot: config.artifactRoot })
}

/**
 * Whether the configuration names a database rather than defaulting to `<home>/shipyard.db`: with a
 * remote tracking server, only a named one is opened (the default file would be an empty, local
 * registry nobody asked for). Mirrors `loadConfig`'s default, which the configuration does not flag.
 */
function namesDatabase(config: ShipyardConfig): boolean {
  return config.database.kind === 'postgres' || config.database.path !== join(config.home, 'shipyard.db')
}

/** Closes every part, even when one fails, then reports the first failure. */
async function closeAll(parts: readonly ({ close(): Promise<void> } | null)[]): Promise<void> {
  const outcomes = await Promise.allSettled(parts.map((part) => part?.close()))
  const failed = outcomes.find((outcome) => outcome.status === 'rejected')
  if (failed) throw failed.reason
}
