import type { FastifyInstance } from 'fastify'
import type { ModelRoute } from '../../../registry/index.js'
import { buildInferenceServer } from '../../inference-server.js'
import type { ServingLog } from '../../serving-log.js'
import type { ServingFixture } from '../../testing/serving-fixtures.js'
import type { PredictionCacheSettings } from '../prediction-cache.js'
import { eventually } from './row-cache-layer-suite.js'

/** What a cache test server serves, and its cache's settings (caching on for every model by default). */
export interface CacheTestServerOptions extends Partial<PredictionCacheSettings> {
  readonly routes: readonly ModelRoute[]
  readonly redisUrl?: string | null
  /** Receives what the server's parts log (not its per-request lines). */
  readonly log?: ServingLog
}

/**
 * The inference server over `fixture`'s registry with a prediction cache, its routes loaded. Polling
 * is slowed down so that only the cache talks to Redis often; `app.close()` closes it all.
 */
export async function cacheTestServer(
  fixture: ServingFixture,
  { routes, redisUrl = null, log, ...cache }: CacheTestServerOptions,
): Promise<FastifyInstance> {
  const server = await buildInferenceServer({
    registry: fixture.registry,
    routes,
    redisUrl,
    pollIntervalMs: 60_000,
    predictionCache: { enabled: () => true, ...cache },
    ...(log ? { logTo: linesTo(log) } : {}),
  })
  await server.start()
  return server.app
}

// pino's JSON lines, handed to a ServingLog by level (warn 40, error 50); the per-request lines are left out.
const REQUEST_LINE = 'request completed'

function linesTo(log: ServingLog): { write(line: string): void } {
  return {
    write(line) {
      const entry = JSON.parse(line) as { level: number; msg: string }
      if (entry.msg === REQUEST_LINE) return
      const level = entry.level >= 50 ? 'error' : entry.level >= 40 ? 'warn' : 'info'
      log[level](entry, entry.msg)
    },
  }
}

/** The value of one sample of `/metrics`, e.g. `shipyard_cache_lookups_total{layer="local",result="hit"}`. */
export async function metricValue(app: FastifyInstance, sample: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `))
  if (line === undefined) throw new Error(`no ${sample} in /metrics`)
  return Number(line.slice(sample.length + 1))
}

/** Resolves once `server`'s cache is connected to Redis (requests before skip it). */
export function redisConnected(server: FastifyInstance, connected = true): Promise<void> {
  return eventually(
    async () => (await metricValue(server, 'shipyard_cache_redis_connected')) === (connected ? 1 : 0),
    connected ? 'the connection to Redis' : 'the loss of Redis',
  )
}
