/**
 * The inference server (`shipyard serve`): a model pool that loads registered versions into
 * onnxruntime and switches routes atomically when aliases move, an alias watcher (poll, PostgreSQL
 * LISTEN, Redis pub/sub), and a Fastify app speaking TF-Serving/KServe V1, the Open Inference
 * Protocol V2 and MLflow's scoring protocol, with health probes and Prometheus metrics; traffic
 * policies per model (canary, pinning, shadow) read from `ServingSettings` and changed through the
 * control API.
 */
export { publishAliasChange, REDIS_ALIAS_CHANNEL } from './alias-notifications.js'
export { AliasWatcher, type AliasWatcherOptions, DEFAULT_POLL_INTERVAL_MS } from './alias-watcher.js'
export { type BatchingOptions, BatchMetrics } from './batching/index.js'
export {
  type CacheOutcome,
  cacheHeaders,
  openPredictionCache,
  type PredictionCache,
  type PredictionCacheOptions,
  type PredictionCacheSettings,
} from './cache/index.js'
export {
  type CanaryArm,
  DEFAULT_POLICY,
  type ModelPolicy,
  type ShadowPolicy,
} from './config/model-policy.js'
export { type ModelPolicyJson, modelPolicyJson, parseModelPolicy } from './config/policy-json.js'
export { parseServingConfig, readServingConfig } from './config/serving-config.js'
export {
  DEFAULT_SHADOW_LIMITS,
  ServingSettings,
  type ServingSettingsInit,
  type ShadowLimits,
} from './config/serving-settings.js'
export { buildInferenceServer, type InferenceServer, type InferenceServerDeps } from './inference-server.js'
export { LoadedModel } from './loaded-model.js'
export { type LoadModelOptions, loadModel, type ServingRegistry } from './model-loader.js'
export {
  ModelPool,
  type ModelPoolOptions,
  type ModelSelector,
  type RouteStatus,
  type VersionState,
} from './model-pool.js'
export { type BuildFeedsOptions, buildFeeds } from './protocol/index.js'
export * from './replay/index.js'
export { EXPLAIN_MAX_ROWS, type ExplainRouteDeps, type V1ExplainResponse } from './routes/explain-route.js'
export type { ServingLog } from './serving-log.js'
export { ServingMetrics } from './serving-metrics.js'
