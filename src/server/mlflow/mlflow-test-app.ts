import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { artifactStoreFor } from '../../artifacts/index.js'
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
  /** POSTs JSON to `PREFIX + path`; answers the status and the parsed body. */
  post(path: string, body: unknown): Promise<WireAnswer>
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

/** Opens a store on a fresh database of `backend`, with local artifacts, behind the plugin alone. */
export async function openMlflowTestApp(backend: TestDatabaseBackend): Promise<MlflowTestApp> {
  const db = await backend.create()
  const store = await SqlTrackingStore.open({ database: db.target, artifactRoot: join(db.dir, 'artifacts') })
  const artifacts = new LocalRunArtifacts(store, artifactStoreFor)
  const app = Fastify({ logger: false })
  await app.register(mlflowRoutes({ store, artifacts }), { prefix: PREFIX })
  await app.ready()
  const answer = (response: { statusCode: number; body: string }): WireAnswer => ({
    status: response.statusCode,
    body: response.body === '' ? undefined : JSON.parse(response.body),
  })
  return {
    app,
    store,
    artifacts,
    post: async (path, body) =>
      answer(await app.inject({ method: 'POST', url: PREFIX + path, payload: body as object })),
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
      await store.close()
      await db.dispose()
    },
  }
}
