import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { artifactStoreFor } from '../../artifacts/index.js'
import { SqlModelRegistry } from '../../registry/index.js'
import type { TestDatabaseBackend } from '../../sql/test-databases.js'
import { LocalRunArtifacts, SqlTrackingStore } from '../../tracking/index.js'
import { mlflowRoutes } from './mlflow-routes.js'

/** The MLflow prefix the tests mount the plugin under, as the server does. */
export const PREFIX = '/api/2.0/mlflow'

/** A minimal app with only the MLflow plugin, on a fresh database of one backend. For tests. */
export interface MlflowTestApp {
  readonly app: FastifyInstance
  readonly store: SqlTrackingStore
  readonly artifacts: LocalRunArtifacts
  /** The model registry behind `registered-models/*` and `model-versions/*`, on the same database. */
  readonly registry: SqlModelRegistry
  /** POSTs JSON to `PREFIX + path`; answers the status and the parsed body. */
  post(path: string, body: unknown): Promise<WireAnswer>
  /** PATCHes JSON to `PREFIX + path`. */
  patch(path: string, body: unknown): Promise<WireAnswer>
  /** DELETEs `PREFIX + path` with a JSON body, as MLflow's clients do. */
  delete(path: string, body: unknown): Promise<WireAnswer>
  /** GETs `PREFIX + path` with a query string. */
  get(path: string, query?: Readonly<Record<string, string | readonly string[]>>): Promise<WireAnswer>
  close(): Promise<void>
}

/** A response as a test reads it. */
export interface WireAnswer {
  readonly status: number
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it.
  readonly body: any
}

/**
 * Opens a store and a model registry on a fresh database of `backend`, with local artifacts, behind
 * the plugin alone.
 */
export async function openMlflowTestApp(backend: TestDatabaseBackend): Promise<MlflowTestApp> {
  const db = await backend.create()
  const target = { database: db.target, artifactRoot: join(db.dir, 'artifacts') }
  const store = await SqlTrackingStore.open(target)
  const registry = await SqlModelRegistry.open(target)
  const artifacts = new LocalRunArtifacts(store, artifactStoreFor)
  const app = Fastify({ logger: false })
  await app.register(mlflowRoutes({ store, artifacts, registry }), { prefix: PREFIX })
  await app.ready()
  const answer = (response: { statusCode: number; body: string }): WireAnswer => ({
    status: response.statusCode,
    body: response.body === '' ? undefined : JSON.parse(response.body),
  })
  const send = async (method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown) =>
    answer(await app.inject({ method, url: PREFIX + path, payload: body as object }))
  return {
    app,
    store,
    artifacts,
    registry,
    post: (path, body) => send('POST', path, body),
    patch: (path, body) => send('PATCH', path, body),
    delete: (path, body) => send('DELETE', path, body),
    get: async (path, query = {}) =>
      answer(
        await app.inject({
          method: 'GET',
          url: PREFIX + path,
          query: query as Record<string, string | string[]>,
        }),
      ),
    close: async () => {
      await app.close()
      await registry.close()
      await store.close()
      await db.dispose()
    },
  }
}
