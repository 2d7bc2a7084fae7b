/**
 * Shipyard: the machine-learning lifecycle for TypeScript teams.
 *
 * @example
 * import { Shipyard } from 'shipyard-ml'
 * const shipyard = await Shipyard.open()
 * await shipyard.withRun({ experimentName: 'churn' }, async (run) => {
 *   await run.logParams({ model: 'gbdt', lr: 0.1 })
 *   run.logMetric('auc', 0.91)
 * })
 * await shipyard.close()
 */

export {
  type BatchModel,
  type BatchPredictOptions,
  type BatchPredictSummary,
  loadModelDir,
  loadRegistryModel,
  predictBatch,
} from './batch/index.js'
export * from './data/index.js'
export * from './explain/index.js'
export * from './features/index.js'
export * from './models/index.js'
export { OnnxGraphBuilder, OnnxSession, type OnnxValueInfo } from './onnx/index.js'
export {
  ALIAS_CHANNEL,
  type ImportOnnxOptions,
  importOnnxModel,
  type ModelRegistry,
  type ModelRoute,
  parseModelRoute,
  type RegisterRunModelOptions,
  registerRunModel,
  SqlModelRegistry,
  type SqlModelRegistryConfig,
} from './registry/index.js'
export type * from './registry/types.js'
export type {
  LoggableValue,
  PromoteOptions,
  PromotionResult,
  ShipyardOptions,
  StartRunOptions,
  TrackingBackend,
  TrainRunOptions,
  TrainRunResult,
} from './sdk/index.js'
export {
  ActiveRun,
  ERROR_TAG,
  openBackend,
  PROMOTION_OUTCOME_TAG,
  promote,
  Shipyard,
  TRAIN_RUN_ARTIFACTS,
  trainRun,
} from './sdk/index.js'
export {
  buildInferenceServer,
  type InferenceServer,
  type InferenceServerDeps,
  publishAliasChange,
} from './serving/index.js'
export { type ConfigFlags, type DatabaseTarget, loadConfig, type ShipyardConfig } from './shared/config.js'
export { ERROR_CODES, type ErrorBody, type ErrorCode, ShipyardError } from './shared/errors.js'
export type { RunArtifacts } from './tracking/run-artifacts.js'
export type { TrackingStore } from './tracking/tracking-store.js'
export * from './tracking/types.js'
