/**
 * The prediction log: every served row, kept for search, replay, explanations, feedback joins and
 * drift, behind the `PredictionLogStore` port (embedded Parquet files queried with DuckDB, or a
 * PostgreSQL table), fed by the non-blocking `PredictionLogWriter`.
 */

export { loggedRequest } from './logged-request.js'
export {
  type EmbeddedPredictionLogOptions,
  openPredictionLog,
  PREDICTIONS_FOLDER,
  type PredictionLogConfig,
} from './open-prediction-log.js'
export type {
  FilterComparison,
  FilterField,
  FilterNode,
  FilterValue,
  PredictionFilter,
  RecordField,
} from './prediction-filter.js'
export { parsePredictionFilter, RECORD_FIELDS } from './prediction-filter.js'
export type * from './prediction-log.js'
export { CACHE_STATES, TRAFFIC_ARMS } from './prediction-log.js'
export {
  PredictionLogWriter,
  type PredictionLogWriterOptions,
  type PredictionLogWriterStats,
} from './prediction-log-writer.js'
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './prediction-query-sql.js'
export { checkSampleRate, keepsRequest } from './request-sampling.js'
export { RETENTION_INTERVAL_MS, type RetentionSchedule, scheduleRetention } from './retention-schedule.js'
export { parseDuration, parseTimeBound } from './time-bound.js'
export { WorkerAppender } from './worker-appender.js'
