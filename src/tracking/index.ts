/**
 * Tracking: experiments, runs and everything logged to them, behind the `TrackingStore` port (SQL
 * backend here, HTTP backend in `client`), and run artifacts behind `RunArtifacts`.
 */
export { LocalRunArtifacts } from './local-run-artifacts.js'
export type { ArtifactRun, RunArtifacts } from './run-artifacts.js'
export { SqlTrackingStore, type SqlTrackingStoreConfig } from './stores/sql-tracking-store.js'
export type { TrackingStore } from './tracking-store.js'
export * from './types.js'
export {
  type BatchLimits,
  LIMITS,
  MLFLOW_BATCH_LIMITS,
  validateBatchSize,
  validateInteger,
  validateKey,
} from './validation.js'
