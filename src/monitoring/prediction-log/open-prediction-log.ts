import { join } from 'node:path'
import type { DatabaseTarget } from '../../shared/index.js'
import type { PredictionLogStore } from './prediction-log.js'
import { DuckDbPredictionLog, type DuckDbPredictionLogOptions } from './stores/duckdb-prediction-log.js'
import { PostgresPredictionLog } from './stores/postgres-prediction-log.js'

/** The part of Shipyard's configuration (`loadConfig`) that says where the prediction log lives. */
export interface PredictionLogConfig {
  readonly home: string
  readonly database: DatabaseTarget
}

/** Options of the embedded store (its folder comes from the configuration). */
export type EmbeddedPredictionLogOptions = Omit<DuckDbPredictionLogOptions, 'directory'>

/** The embedded store's folder under `SHIPYARD_HOME`. */
export const PREDICTIONS_FOLDER = 'predictions'

// One backend per kind of metadata database: a PostgreSQL deployment logs to its database too; an
// embedded one (SQLite metadata) logs to Parquet files beside it.
const BACKENDS: {
  readonly [K in DatabaseTarget['kind']]: (
    config: { readonly home: string; readonly database: Extract<DatabaseTarget, { kind: K }> },
    options: EmbeddedPredictionLogOptions,
  ) => Promise<PredictionLogStore>
} = {
  postgres: ({ database }) => PostgresPredictionLog.open(database.url),
  sqlite: ({ home }, options) =>
    DuckDbPredictionLog.open({ ...options, directory: join(home, PREDICTIONS_FOLDER) }),
}

/**
 * Opens the prediction log the configuration names: the `prediction_log` table when the database URL
 * is PostgreSQL's, otherwise Parquet files under `<home>/predictions/` (the embedded default). Callers
 * never construct a backend themselves.
 *
 * @example
 * const log = await openPredictionLog(loadConfig())
 * const recent = await log.search({ model: 'churn', where: 'inputs.age > 60', limit: 20 })
 */
export function openPredictionLog(
  config: PredictionLogConfig,
  embedded: EmbeddedPredictionLogOptions = {},
): Promise<PredictionLogStore> {
  const open = BACKENDS[config.database.kind] as (
    c: PredictionLogConfig,
    o: EmbeddedPredictionLogOptions,
  ) => Promise<PredictionLogStore>
  return open(config, embedded)
}
