import type { FastifyPluginAsync } from 'fastify'
import type { ModelRegistry } from '../../registry/index.js'
import type { RunArtifacts, TrackingStore } from '../../tracking/index.js'
import { registerExperimentRoutes } from './experiment-routes.js'
import { registerHistoryAndArtifactRoutes } from './history-artifact-routes.js'
import { registerRegistryModelRoutes } from './registry-model-routes.js'
import { registerRegistryVersionRoutes } from './registry-version-routes.js'
import { registerRunLoggingRoutes } from './run-logging-routes.js'
import { registerRunRoutes } from './run-routes.js'
import { mlflowValidatorCompiler } from './schema-compiler.js'
import { mlflowErrorHandler, mlflowNotFoundHandler } from './wire-errors.js'

/** What the MLflow routes read and write through. */
export interface MlflowRouteDeps {
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
  /** The model registry; absent or null: no `registered-models/*` or `model-versions/*` routes. */
  readonly registry?: ModelRegistry | null
}

/**
 * MLflow's REST API 2.0, tracking subset, as a Fastify plugin: experiments, runs, logging, metric
 * history and artifact listing, and the model registry's `registered-models/*` and
 * `model-versions/*` when `registry` is given, with MLflow's JSON shapes, so MLflow's own clients
 * (Python, Java, R, the `mlflow` npm package) can use a Shipyard server as their tracking server and
 * registry. Without a registry those paths answer 404 `ENDPOINT_NOT_FOUND`.
 *
 * Register it under a prefix and without `fastify-plugin`: it keeps its own validator compiler,
 * error handler and not-found handler inside its encapsulation context, so MLflow clients always
 * read `{error_code, message}` with MLflow's statuses, whatever the host server does elsewhere.
 * Mutations answer `200 {}`; unknown request fields are ignored; `run_uuid` is accepted wherever
 * `run_id` is. Schemas are compiled when the server starts, not per request.
 *
 * @example
 * await app.register(mlflowRoutes({ store, artifacts, registry }), { prefix: '/api/2.0/mlflow' })
 */
export function mlflowRoutes(deps: MlflowRouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.setValidatorCompiler(mlflowValidatorCompiler())
    app.setErrorHandler(mlflowErrorHandler)
    app.setNotFoundHandler(mlflowNotFoundHandler)
    registerExperimentRoutes(app, deps)
    registerRunRoutes(app, deps)
    registerRunLoggingRoutes(app, deps)
    registerHistoryAndArtifactRoutes(app, deps)
    const { registry } = deps
    if (registry) {
      registerRegistryModelRoutes(app, { ...deps, registry })
      registerRegistryVersionRoutes(app, { ...deps, registry })
    }
  }
}
