/**
 * The model registry: registered models, immutable versions stored by content hash, aliases with
 * their history, behind the `ModelRegistry` port (SQL backend in `stores/`); `registerRunModel` and
 * `importOnnxModel` make versions from a tracked run or from ONNX bytes made elsewhere.
 */
export { type ImportOnnxOptions, importedLineage, importOnnxModel } from './import-onnx.js'
export { inferSignature, readOnnxGraph, type SignatureHints } from './infer-signature.js'
export {
  DEFAULT_ALIAS,
  formatModelRoute,
  type ModelRef,
  type ModelRoute,
  parseModelRoute,
} from './model-ref.js'
export type { ModelRegistry } from './model-registry.js'
export * from './promotion/index.js'
export {
  datasetFingerprints,
  GIT_COMMIT_TAG,
  type RegisterRunModelOptions,
  registerRunModel,
  TRAINING_PROFILE_ARTIFACT,
} from './register-run-model.js'
export { ALIAS_CHANNEL } from './stores/sql-alias-writes.js'
export { SqlModelRegistry, type SqlModelRegistryConfig } from './stores/sql-model-registry.js'
export type * from './types.js'
export {
  REGISTRY_LIMITS,
  validateAlias,
  validateModelName,
  validateVersion,
} from './validation.js'
