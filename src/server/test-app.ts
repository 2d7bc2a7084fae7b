import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { artifactStoreFor } from '../artifacts/index.js'
import { SqlModelRegistry } from '../registry/index.js'
import { TEST_DATABASE_BACKENDS, type TestDatabaseBackend } from '../sql/test-databases.js'
import type { RunArtifacts, TrackingStore } from '../tracking/index.js'
import { LocalRunArtifacts, SqlTrackingStore } from '../tracking/index.js'
import { buildServer } from './build-server.js'

/** A server over a fresh database with local artifacts, for tests. Not listening unless started so. */
export interface TestApp {
  readonly app: FastifyInstance
  /** The server's own store, to check what went through the API. */
  readonly store: SqlTrackingStore
  /** The server's run artifacts (over the served store). */
  readonly artifacts: RunArtifacts
  /** The server's model registry, on the same database; null when opened without one. */
  readonly registry: SqlModelRegistry | null
  /** A temp folder for the test's files (the artifacts live under it too). */
  readonly dir: string
  close(): Promise<void>
}

/** A started `TestApp` and its `http://127.0.0.1:<port>` URL. */
export interface TestServer extends TestApp {
  readonly url: string
}

/**
 * Opens a server for `app.inject()` tests, on `backend` (default SQLite), with a model registry on
 * the same database unless `options.registry` is false. `wrapStore` may put a test double in front
 * of the real store (to make it fail, say).
 */
export async function openTestApp(
  backend: TestDatabaseBackend = TEST_DATABASE_BACKENDS[0]!,
  wrapStore: (store: TrackingStore) => TrackingStore = (store) => store,
  options: { readonly registry?: boolean } = {},
): Promise<TestApp> {
  const db = await backend.create()
  const target = { database: db.target, artifactRoot: join(db.dir, 'artifacts') }
  const store = await SqlTrackingStore.open(target)
  const registry = options.registry === false ? null : await SqlModelRegistry.open(target)
  const served = wrapStore(store)
  const artifacts = new LocalRunArtifacts(served, artifactStoreFor)
  const app = await buildServer({ store: served, artifacts, registry })
  return {
    app,
    store,
    artifacts,
    registry,
    dir: db.dir,
    close: async () => {
      await app.close()
      await registry?.close()
      await store.close()
      await db.dispose()
    },
  }
}

/** Opens a `TestApp` and listens on a free port of 127.0.0.1, for tests over a real socket. */
export async function startTestServer(backend?: TestDatabaseBackend): Promise<TestServer> {
  const opened = await openTestApp(backend)
  const url = await opened.app.listen({ host: '127.0.0.1', port: 0 })
  return { ...opened, url }
}

/** What `call` returns: the status and the parsed JSON body (undefined when empty). */
export interface CallResult<T> {
  readonly status: number
  readonly body: T
  readonly headers: Readonly<Record<string, unknown>>
}

/**
 * Injects one request; `payload` is sent as JSON unless it is a string or Buffer (then as is, with
 * the given headers).
 */
export async function call<T = Record<string, unknown>>(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult<T>> {
  const raw = typeof payload === 'string' || Buffer.isBuffer(payload)
  const response = await app.inject({
    method,
    url,
    headers: payload === undefined || raw ? headers : { 'content-type': 'application/json', ...headers },
    ...(payload === undefined ? {} : { payload: raw ? payload : JSON.stringify(payload) }),
  })
  const isJson = String(response.headers['content-type'] ?? '').startsWith('application/json')
  return {
    status: response.statusCode,
    body: (isJson && response.body !== '' ? JSON.parse(response.body) : response.body) as T,
    headers: response.headers,
  }
}

/** Asserts an error answer: its status, Shipyard code, and optionally message and `details.field`. */
export function assertError(
  result: CallResult<unknown>,
  status: number,
  code: string,
  expected: { readonly message?: RegExp; readonly field?: string } = {},
): void {
  const body = result.body as { shipyard_code?: string; message?: string; details?: { field?: string } }
  const seen = `${result.status} ${JSON.stringify(body)}`
  if (result.status !== status || body.shipyard_code !== code) {
    throw new Error(`expected ${status} ${code}, got ${seen}`)
  }
  if (expected.message && !expected.message.test(body.message ?? '')) {
    throw new Error(`expected a message matching ${expected.message}, got ${seen}`)
  }
  if (expected.field !== undefined && body.details?.field !== expected.field) {
    throw new Error(`expected details.field ${expected.field}, got ${seen}`)
  }
}
