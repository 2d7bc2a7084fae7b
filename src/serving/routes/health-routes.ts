import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ModelPool } from '../model-pool.js'
import type { ServingMetrics } from '../serving-metrics.js'
import { requireReady } from './route-deps.js'

/**
 * Probes and metrics: `GET /healthz` (liveness: the process answers), `GET /readyz` (readiness: 200
 * listing what each route serves once every route is loaded, 503 before), `GET /metrics` (Prometheus
 * text).
 */
export function healthRoutes(pool: ModelPool, metrics: ServingMetrics) {
  return async (scope: FastifyInstance) => {
    scope.get('/healthz', { config: { endpoint: 'healthz' } }, async () => ({ status: 'ok' }))
    scope.get('/readyz', { config: { endpoint: 'readyz' } }, async () => {
      requireReady(pool)
      return { status: 'ready', models: pool.routes() }
    })
    scope.get(
      '/metrics',
      { config: { endpoint: 'metrics' } },
      async (_request: FastifyRequest, reply: FastifyReply) =>
        reply.type(metrics.contentType).send(await metrics.render()),
    )
  }
}
