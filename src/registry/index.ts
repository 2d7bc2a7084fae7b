/**
 * The model registry: registered models, immutable versions stored by content hash, aliases with
 * their history, behind the `ModelRegistry` port (SQL backend in `stores/`).
 */
export type { ModelRegistry } from './model-registry.js'
export type * from './types.js'
