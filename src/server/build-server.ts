import Fastify, { type FastifyInstance } from 'fastify'
import type { PredictionLogStore } from '../monitoring/index.js'
import type { ModelRegistry } from '../registry/index.js'
import type { RunArtifacts, TrackingStore } from '../tracking/index.js'
import { renderError, renderNotFound } from './error-handler.js'
import { mlflowRoutes } from './mlflow/index.js'
import { NATIVE_API_PREFIX, nativeApi } from './native-api.js'
import { nativeValidatorCompiler } from './request-validation.js'

/** What the server serves from. */
export interface ServerDeps {
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
  /**
   * The model registry over the same database. Absent or null (a server without one): the registry
   * routes are not registered, so they answer 404 `ENDPOINT_NOT_FOUND` on both APIs, as an MLflow
   * server without a registry does, and the OpenAPI document does not list them.
   */
  readonly registry?: ModelRegistry | null
  /** The prediction log, for `/api/v1/predictions`; absent or null: those routes answer 404. */
  readonly predictions?: PredictionLogStore | null
  /** Request logging (pino, JSON to stdout). Default off. */
  readonly logger?: boolean
}

/**
 * JSON bodies may carry a full batch at MLflow's limits (100 params of 6000 characters, 100 tags of
 * 5000, 1000 entries in all), several MB once multi-byte characters are UTF-8; larger bodies are
 * refused before parsing. Artifact uploads have their own limit.
 */
const JSON_BODY_LIMIT = 16 * 1024 * 1024

/** Path parameters are ids: any length a URL can carry reaches the store, which reports it as unknown. */
const MAX_PARAM_LENGTH = 16 * 1024

/**
 * The tracking server, not yet listening: `GET /health`, the native API under `/api/v1` (described
 * by `/api/v1/openapi.json`) and MLflow's REST API 2.0 under `/api/2.0/mlflow` and
 * `/ajax-api/2.0/mlflow` (the path MLflow's web UI calls), each with the model registry's routes
 * when `registry` is given.
 *
 * Bad input is always a 4xx with an `ErrorBody` naming what to fix; an unexpected failure is a 500
 * `INTERNAL_ERROR` whose details go to the log only. Request bodies are validated without type
 * coercion, query strings with it. The MLflow plugin keeps its own validator and error handlers.
 * Validators and serialisers compile when the server starts (`ready`, `listen` or the first
 * `inject`), not per request. Closing the server closes neither `store` nor `registry`.
 *
 * @example
 * const app = await buildServer({ store, artifacts, registry })
 * await app.listen({ host: '127.0.0.1', port: 5000 })
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  })
  app.setValidatorCompiler(nativeValidatorCompiler())
  app.setErrorHandler(renderError)
  app.setNotFoundHandler(renderNotFound)
  app.get(
    '/health',
    {
      schema: {
        response: {
          200: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] },
        },
      },
    },
    async () => ({ status: 'ok' }),
  )
  const api = {
    store: deps.store,
    artifacts: deps.artifacts,
    registry: deps.registry ?? null,
    predictions: deps.predictions ?? null,
  }
  await app.register(nativeApi(api), { prefix: NATIVE_API_PREFIX })
  await app.register(mlflowRoutes(api), { prefix: '/api/2.0/mlflow' })
  await app.register(mlflowRoutes(api), { prefix: '/ajax-api/2.0/mlflow' })
  return app
}
