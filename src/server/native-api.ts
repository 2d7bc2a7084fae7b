import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { PredictionLogStore } from '../monitoring/index.js'
import type { ModelRegistry } from '../registry/index.js'
import type { RunArtifacts, TrackingStore } from '../tracking/index.js'
import { type NativeRoute, registerNativeRoutes } from './native-route.js'
import { acceptOctetStreams } from './routes/artifact-upload.js'
import { artifactRoutes } from './routes/artifacts-route.js'
import { experimentRoutes } from './routes/experiments-route.js'
import { modelAliasRoutes } from './routes/models-aliases-route.js'
import { modelRoutes } from './routes/models-route.js'
import { modelVersionRoutes } from './routes/models-versions-route.js'
import { monitorRoutes } from './routes/monitor-route.js'
import { openApiRoute } from './routes/openapi-route.js'
import { predictionRoutes } from './routes/predictions-route.js'
import { runRoutes } from './routes/runs-route.js'

/** Where the native API is mounted. */
export const NATIVE_API_PREFIX = '/api/v1'

/** What the native API reads and writes through. */
export interface NativeApiDeps {
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
  /** The model registry; absent or null: no `/models` routes (they answer 404 ENDPOINT_NOT_FOUND). */
  readonly registry?: ModelRegistry | null
  /** The prediction log; absent or null: no `/predictions` routes, nor `/models/{name}/monitor`. */
  readonly predictions?: PredictionLogStore | null
}

/**
 * Every route of the native API, the OpenAPI document's own route included: the one table that
 * Fastify registers and the document describes.
 */
export function nativeApiRoutes(deps: NativeApiDeps): readonly NativeRoute[] {
  const resources = [
    ...experimentRoutes(deps.store),
    ...runRoutes(deps.store),
    ...artifactRoutes(deps.store, deps.artifacts),
    ...registryRoutes(deps),
    ...(deps.predictions ? predictionRoutes(deps.predictions) : []),
  ]
  const info = {
    prefix: NATIVE_API_PREFIX,
    title: 'Shipyard tracking API',
    version: '1',
    description:
      'Shipyard\'s native REST API: experiments, runs, metrics and artifacts, and the model registry when the server has one, in camelCase JSON. Metric values that JSON cannot carry travel as the strings "NaN", "Infinity" and "-Infinity".',
  }
  return [...resources, openApiRoute(resources, info)]
}

/** The registry's routes, when there is a registry: a server without one does not describe them either. */
function registryRoutes({ registry, store, artifacts, predictions }: NativeApiDeps): readonly NativeRoute[] {
  if (!registry) return []
  return [
    ...modelRoutes(registry),
    ...modelVersionRoutes({ registry, store, artifacts }),
    ...modelAliasRoutes(registry),
    ...(predictions ? monitorRoutes({ registry, store, artifacts, predictionLog: predictions }) : []),
  ]
}

/**
 * The native API as a Fastify plugin, to register under `NATIVE_API_PREFIX`. Only the routes of
 * `nativeApiRoutes` may be added to it: any other route registered in its scope fails start-up,
 * so nothing can be served that the OpenAPI document does not describe.
 */
export function nativeApi(deps: NativeApiDeps): FastifyPluginAsync {
  return async (app) => {
    const routes = nativeApiRoutes(deps)
    refuseUndescribedRoutes(app, routes)
    acceptOctetStreams(app)
    registerNativeRoutes(app, routes)
  }
}

/**
 * Makes registering a route that `routes` does not describe (by method and URL under the
 * instance's prefix) throw, so that a route without schemas or documentation fails start-up.
 * Fastify's automatic HEAD routes are allowed.
 */
export function refuseUndescribedRoutes(app: FastifyInstance, routes: readonly NativeRoute[]): void {
  const described = new Set(routes.map((route) => `${route.method} ${route.url}`))
  app.addHook('onRoute', (options) => {
    const url = options.url.slice(options.prefix.length) || '/'
    for (const method of [options.method].flat()) {
      if (method !== 'HEAD' && !described.has(`${method} ${url}`)) {
        throw new Error(
          `${method} ${options.url} is not in the native route table; add it there so that it has schemas and is documented`,
        )
      }
    }
  })
}
