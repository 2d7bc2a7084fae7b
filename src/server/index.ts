/** The tracking server: Fastify app, native REST API (`/api/v1`) and MLflow's REST API. */
export { buildServer, type ServerDeps } from './build-server.js'
export { NATIVE_API_PREFIX, type NativeApiDeps, nativeApi, nativeApiRoutes } from './native-api.js'
export type { NativeRoute } from './native-route.js'
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from './openapi-document.js'
