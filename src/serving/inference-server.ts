import Fastify, { type FastifyInstance, LogController } from 'fastify'
import type { VersionModels } from '../explain/index.js'
import type { PredictionLogStore, PredictionLogWriter } from '../monitoring/index.js'
import type { ModelRoute } from '../registry/index.js'
import { invalidValue } from '../shared/index.js'
import { AliasWatcher } from './alias-watcher.js'
import { type BatchingOptions, BatchMetrics } from './batching/index.js'
import { cacheHeaders, openPredictionCache, type PredictionCacheSettings } from './cache/index.js'
import { ServingSettings } from './config/serving-settings.js'
import type { ServingRegistry } from './model-loader.js'
import { ModelPool } from './model-pool.js'
import { addRequestContext, requestIdOf } from './plugins/request-context-plugin.js'
import { logPredictions } from './prediction-log/prediction-log-plugin.js'
import { controlRoutes } from './routes/control-routes.js'
import { feedbackRoute } from './routes/feedback-route.js'
import { healthRoutes } from './routes/health-routes.js'
import { mlflowRoutes } from './routes/mlflow-routes.js'
import type { InferenceRouteDeps } from './routes/route-deps.js'
import { v1Routes } from './routes/v1-routes.js'
import { v2Routes } from './routes/v2-routes.js'
import { DIRECT_RUNNER } from './row-runner.js'
import { renderServingError, renderServingNotFound } from './serving-errors.js'
import { ServingMetrics } from './serving-metrics.js'
import { loadConfiguredTargets } from './traffic/policy-targets.js'
import { PolicyTrafficRouter } from './traffic/policy-traffic-router.js'

/** What an inference server serves, and how. */
export interface InferenceServerDeps {
  readonly registry: ServingRegistry
  /** `--model` routes; empty: every model with a `production` alias (see `ModelPool`). */
  readonly routes: readonly ModelRoute[]
  /** The model `/invocations` answers with; default: the only one served. Must be a route's model. */
  readonly defaultModel?: string
  /** Between two looks at the registry's alias generation; default 2000. */
  readonly pollIntervalMs?: number
  /** onnxruntime intra-op threads per session; default onnxruntime's. */
  readonly intraOpThreads?: number
  /** Most rows per request (more: 413); default 10000. */
  readonly maxRows?: number
  /** Columns a model does not take: `reject` (400 naming them, the default) or `ignore`. */
  readonly unknownColumns?: 'reject' | 'ignore'
  /** Versions asked for by number kept loaded besides the routes'; default 4. */
  readonly cacheSize?: number
  /**
   * How concurrent requests to one version are joined into one onnxruntime run: `maxRows` rows a run
   * at most (default 256; 1 turns batching off), `maxWaitMs` a batch may wait to fill (default 0:
   * never waits, batches form while a run is in flight).
   */
  readonly batching?: Pick<BatchingOptions, 'maxRows' | 'maxWaitMs'>
  /** Largest request body in bytes (more: 413); default 32 MiB. */
  readonly bodyLimit?: number
  /** The registry's PostgreSQL URL, to LISTEN for alias changes; null for SQLite. */
  readonly postgresUrl?: string | null
  /** Redis to hear alias changes on (`publishAliasChange`) and to share the prediction cache; null: none. */
  readonly redisUrl?: string | null
  /** The prediction cache (`X-Cache`), shared through `redisUrl` when set; absent: every row runs. */
  readonly predictionCache?: PredictionCacheSettings
  /**
   * Where every answered prediction is recorded (`logPredictions`), at each model's `log_sample_rate`;
   * absent: none. The caller owns it: close it (then its store) after the server.
   */
  readonly predictionLog?: PredictionLogWriter
  /**
   * Where `POST /v1/feedback` stores ground-truth labels (`feedbackRoute`): the store `predictionLog`
   * writes to, whose queue is flushed first; absent: no feedback endpoint.
   */
  readonly feedbackStore?: Pick<PredictionLogStore, 'appendFeedback'>
  /**
   * The trained model behind each version (`new VersionModels({tracking, artifacts})`), for
   * `POST /v1/models/{name}:explain`; absent: the server does not explain (404 on `:explain`).
   */
  readonly versionModels?: VersionModels
  /** Where JSON log lines (pino, with request ids) go, one per write; absent: no logs. */
  readonly logTo?: { write(line: string): void }
  /**
   * Traffic policies (canary, shadow, pinning) and cache switches per model, and the shadow limits
   * (`--config`); changed at run time through the control API. Default: none (pinning on).
   */
  readonly settings?: ServingSettings
}

/** An inference server: the Fastify app (not listening yet) and the models it serves. */
export interface InferenceServer {
  readonly app: FastifyInstance
  readonly pool: ModelPool
  /** The policies in force; what the control API changes. */
  readonly settings: ServingSettings
  /**
   * Loads every route's version, then watches for alias moves (poll plus notifications), then loads
   * the versions the settings' policies route to (logging those it cannot). Resolves once that
   * first pass is done, loaded or not (readiness tells which); calling it again only waits for that.
   * `app.close()` stops it: requests in flight finish, then the watcher and the shadows stop and the
   * sessions are freed.
   */
  start(): Promise<void>
}

const DEFAULT_MAX_ROWS = 10_000
const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024
// Model names may be 256 characters, percent-encoded up to three times as long in a path.
const MAX_PARAM_LENGTH = 1024

/**
 * Builds the inference server: TF-Serving/KServe V1, Open Inference Protocol V2 and MLflow scoring
 * endpoints over the model pool, with `/healthz`, `/readyz`, Prometheus `/metrics` and the control
 * API (`/control/models`, see `controlRoutes`). Requests to a model's default route follow its
 * traffic policy in `deps.settings`. Every response carries `X-Request-Id` (the caller's, or a new
 * one) and, once a model answered, `X-Model-Name`, `X-Model-Version` and `X-Traffic-Arm`. Errors
 * are `ErrorBody` JSON: bad input 400/413/415, unknown model or version 404, not loaded 503; never
 * 500 for bad input.
 *
 * @example
 * const server = await buildInferenceServer({ registry, routes: [parseModelRoute('churn')] })
 * await server.app.listen({ port: 8080 })
 * await server.start()
 */
export async function buildInferenceServer(deps: InferenceServerDeps): Promise<InferenceServer> {
  const { defaultModel, routes } = deps
  if (
    defaultModel !== undefined &&
    routes.length > 0 &&
    !routes.some((route) => route.name === defaultModel)
  ) {
    throw invalidValue(
      'default',
      `'${defaultModel}' is not one of the models served (${routes.map((r) => r.name).join(', ')})`,
    )
  }
  const app = Fastify({
    logger: deps.logTo ? { stream: deps.logTo } : false,
    genReqId: requestIdOf,
    // One line per request, from addRequestContext, instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: true }),
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  })
  // Made before the pool, whose batchers count their runs in its registry; read the pool only at scrapes.
  const metrics = new ServingMetrics(() => pool.loaded())
  const pool: ModelPool = new ModelPool({
    registry: deps.registry,
    routes,
    intraOpThreads: deps.intraOpThreads,
    cacheSize: deps.cacheSize,
    batching: { ...deps.batching, metrics: new BatchMetrics(metrics.registry) },
    log: app.log,
  })
  const settings = deps.settings ?? new ServingSettings()
  const logShadow = deps.predictionLog
    ? logPredictions(app, {
        writer: deps.predictionLog,
        sampleRate: settings.logSampleRate,
        pool,
        registry: metrics.registry,
      })
    : undefined
  const traffic = new PolicyTrafficRouter({
    settings,
    pool,
    metrics: metrics.registry,
    log: app.log,
    onShadowAnswer: logShadow,
  })
  const cached = deps.predictionCache
  const cache = cached
    ? openPredictionCache({
        ...cached,
        // A model's `cache: false` (config file, control API) turns its cache off whatever the caller says.
        enabled: (model) => settings.cacheEnabled(model) && cached.enabled(model),
        redisUrl: deps.redisUrl,
        registry: metrics.registry,
        log: app.log,
      })
    : null
  app.setErrorHandler(renderServingError)
  app.setNotFoundHandler(renderServingNotFound)
  addRequestContext(app, metrics)
  if (cache) cacheHeaders(app)
  const routeDeps: InferenceRouteDeps = {
    pool,
    defaultModel,
    feeds: { maxRows: deps.maxRows ?? DEFAULT_MAX_ROWS, unknownColumns: deps.unknownColumns ?? 'reject' },
    traffic,
    rows: cache?.runner ?? DIRECT_RUNNER,
    models: deps.versionModels ?? null,
  }
  await app.register(v1Routes(routeDeps))
  await app.register(v2Routes(routeDeps))
  await app.register(mlflowRoutes(routeDeps))
  await app.register(healthRoutes(pool, metrics))
  await app.register(controlRoutes({ settings, traffic, pool }))
  if (deps.feedbackStore) {
    await app.register(
      feedbackRoute({
        log: deps.feedbackStore,
        ...(deps.predictionLog ? { writer: deps.predictionLog } : {}),
      }),
    )
  }

  let watching: Promise<AliasWatcher> | null = null
  closeConnectionsWhenDone(app)
  app.addHook('onClose', async () => {
    // A start still loading is waited for, so that its watcher is stopped too.
    await (await watching)?.close()
    // Shadows still running hold leases: they finish before the pool frees the sessions.
    await traffic.close()
    await pool.close()
    await cache?.close()
  })
  let targetsLoaded: Promise<void> | null = null
  return {
    app,
    pool,
    settings,
    start: async () => {
      watching ??= AliasWatcher.start({
        registry: deps.registry,
        onChange: () => pool.refresh(),
        pending: () => !pool.ready,
        pollIntervalMs: deps.pollIntervalMs,
        postgresUrl: deps.postgresUrl,
        redisUrl: deps.redisUrl,
        log: app.log,
      })
      await watching
      targetsLoaded ??= loadConfiguredTargets(pool, settings, app.log)
      await targetsLoaded
    },
  }
}

/**
 * While the server closes, responses to the requests still in flight carry `Connection: close`, so
 * that keep-alive clients let go of the socket at once instead of holding the shutdown for the
 * keep-alive timeout. (Fastify does this itself only for requests that arrive while closing.)
 */
function closeConnectionsWhenDone(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
}
