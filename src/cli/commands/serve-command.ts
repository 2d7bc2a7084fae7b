import { type Command, Option } from 'commander'
import { invalidValue } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { integerIn } from '../flag-values.js'
import { configFor, describeTarget, type GlobalOptions, globalOptions } from '../global-options.js'
import { listenOn } from '../http-listening.js'
import { BatchedLines } from '../output/batched-lines.js'
import type { ServeLifecycle } from '../serve/serve-lifecycle.js'
import { runServeProcesses } from '../serve/serve-workers.js'

interface ServeFlags {
  readonly host: string
  readonly port: number
  readonly model: string[]
  readonly default?: string
  readonly pollInterval: number
  readonly intraOpThreads?: number
  readonly maxRows: number
  readonly batchMaxRows: number
  readonly batchMaxWaitMs: number
  readonly unknownColumns: 'reject' | 'ignore'
  readonly cache?: boolean
  readonly cacheMaxEntries: number
  readonly cacheMaxMb: number
  readonly cacheTtlSeconds: number
  readonly config?: string
  readonly logPredictions: boolean
  readonly logMaxAge: string
  readonly logMaxMb?: number
  readonly alerts?: string
  readonly workers: number
}

/**
 * `shipyard serve`: serves registered models over HTTP (TF-Serving/KServe V1, Open Inference
 * Protocol V2, MLflow `/invocations`) until SIGINT or SIGTERM, then shuts down gracefully: stops
 * accepting, lets requests in flight finish, stops watching aliases, frees the sessions and closes
 * the store. Prints the URL and what each model route serves once the first load is done
 * (`{url, store, models}` with `--json`). Without `--model`, serves every model with a `production`
 * alias. `--config FILE` gives the traffic policies and cache switches per model. Every answered
 * prediction goes to the prediction log (`--no-log-predictions`: none). `--workers N` runs N such
 * servers on one port under a supervisor (`runServeProcesses`). `--alerts FILE` runs the
 * monitor schedule of its rules (`AlertScheduler`) while serving; with `--workers N` every worker runs
 * it, and the alert store lets one of them own each transition.
 */
export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'serve registered models over HTTP (TF-Serving V1, Open Inference Protocol V2, MLflow scoring)',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', integerIn('port', 0, 65_535), 8080)
    .addOption(
      new Option(
        '--model <name[@alias]>',
        'a model to serve: name@alias (alias default production) or name@3 (pinned); repeatable',
      )
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([], 'every model with a production alias'),
    )
    .option('--default <name>', 'the model /invocations answers with (default: the only one served)')
    .option(
      '--poll-interval <ms>',
      'how often to look for alias moves',
      integerIn('poll interval', 10, 3_600_000),
      2000,
    )
    .option(
      '--intra-op-threads <n>',
      'onnxruntime threads per model session',
      integerIn('thread count', 1, 1024),
    )
    .option('--max-rows <n>', 'most rows one request may hold', integerIn('row limit', 1, 10_000_000), 10_000)
    .option(
      '--batch-max-rows <n>',
      'most rows one onnxruntime run joins from concurrent requests (1: no batching)',
      integerIn('batch row limit', 1, 10_000_000),
      256,
    )
    .option(
      '--batch-max-wait-ms <ms>',
      'how long a batch may wait to fill (0: never waits; batches form while a run is in flight)',
      integerIn('batch wait', 0, 60_000),
      0,
    )
    .addOption(
      new Option('--unknown-columns <policy>', 'columns a model does not take')
        .choices(['reject', 'ignore'])
        .default('reject'),
    )
    .option(
      '--cache',
      'answer rows seen before from the prediction cache (shared through SHIPYARD_REDIS_URL)',
    )
    .option(
      '--cache-max-entries <n>',
      'most rows the in-process prediction cache keeps',
      integerIn('entry count', 1, 100_000_000),
      100_000,
    )
    .option(
      '--cache-max-mb <n>',
      'most memory the in-process prediction cache keeps, in MiB',
      integerIn('size in MiB', 1, 1_048_576),
      256,
    )
    .option(
      '--cache-ttl-seconds <n>',
      'how long a cached row is answered',
      integerIn('TTL', 1, 31_536_000),
      600,
    )
    .option(
      '--config <file>',
      'serving config (YAML or JSON): traffic policies (canary, shadow, pinning) and cache per model',
    )
    .option(
      '--no-log-predictions',
      'do not record served predictions in the prediction log (shipyard logs, replay, monitor)',
    )
    .option('--log-max-age <duration>', 'how long logged predictions are kept (30m, 24h, 7d...)', '30d')
    .option(
      '--log-max-mb <n>',
      'most disk the prediction log keeps, in MiB (oldest hours go first); default no limit',
      integerIn('size in MiB', 1, 1_073_741_824),
    )
    .option(
      '--alerts <file>',
      'alert rules (YAML or JSON): conditions per model checked on a schedule, webhook, retraining command',
    )
    .option(
      '--workers <n>',
      'server processes sharing the port (node:cluster; one that dies is restarted)',
      integerIn('worker count', 1, 1024),
      1,
    )
    .action(async (flags: ServeFlags, command: Command) => {
      const global = globalOptions(command)
      await runServeProcesses({ workers: flags.workers, io, json: global.json }, (lifecycle) =>
        serveModels(flags, global, io, lifecycle),
      )
    })
}

/** One server: listens, loads its routes, reports through `lifecycle`, and drains when it says. */
async function serveModels(
  flags: ServeFlags,
  global: GlobalOptions,
  io: CliIo,
  lifecycle: ServeLifecycle,
): Promise<void> {
  const loaded = configFor(global)
  if (loaded.trackingUri !== null) {
    io.stderr.write(
      `note: ignoring the tracking URI ${loaded.trackingUri}; models are served from the local store\n`,
    )
  }
  const config = { ...loaded, trackingUri: null }
  // Loaded on use, so that the other commands do not pay for Fastify and onnxruntime at start-up.
  const [
    { openBackend },
    { buildInferenceServer, readServingConfig },
    { parseModelRoute },
    {
      AlertScheduler,
      openAlertStore,
      openPredictionLog,
      parseDuration,
      PredictionLogWriter,
      WorkerAppender,
      readAlertRules,
      runReferenceSource,
      scheduleRetention,
    },
    { VersionModels },
  ] = await Promise.all([
    import('../../sdk/index.js'),
    import('../../serving/index.js'),
    import('../../registry/index.js'),
    import('../../monitoring/index.js'),
    import('../../explain/index.js'),
  ])
  const routes = flags.model.map((text) => parseModelRoute(text, '--model'))
  // Read before the store opens: a bad config file fails at once, naming the field.
  const settings = flags.config === undefined ? undefined : readServingConfig(flags.config)
  const alertRules = flags.alerts === undefined ? undefined : readAlertRules(flags.alerts)
  if (alertRules && !flags.logPredictions) {
    throw invalidValue(
      '--alerts',
      'the monitor schedule reads the prediction log, which --no-log-predictions turns off',
    )
  }
  const retention = {
    maxAgeMs: parseDuration(flags.logMaxAge, '--log-max-age'),
    ...(flags.logMaxMb === undefined ? {} : { maxBytes: flags.logMaxMb * 1024 * 1024 }),
  }
  const backend = await openBackend(config)
  const log = new BatchedLines(io.stderr)
  let predictions: Awaited<ReturnType<typeof openPredictionLog>> | null = null
  let appender: InstanceType<typeof WorkerAppender> | null = null
  let predictionLog: InstanceType<typeof PredictionLogWriter> | null = null
  let alertStore: Awaited<ReturnType<typeof openAlertStore>> | null = null
  try {
    if (flags.logPredictions) {
      // Records are written on a worker thread (which also compacts), so that a flush never holds up
      // requests; this thread's store reads (alerts, feedback joins) and takes feedback.
      predictions = await openPredictionLog(config, { autoCompact: false })
      appender = new WorkerAppender(config)
      predictionLog = new PredictionLogWriter(appender)
    }
    const server = await buildInferenceServer({
      registry: backend.registry!, // opened whenever tracking is local, as it is here
      versionModels: new VersionModels({ tracking: backend.store, artifacts: backend.artifacts }),
      routes,
      defaultModel: flags.default,
      pollIntervalMs: flags.pollInterval,
      intraOpThreads: flags.intraOpThreads,
      maxRows: flags.maxRows,
      batching: { maxRows: flags.batchMaxRows, maxWaitMs: flags.batchMaxWaitMs },
      unknownColumns: flags.unknownColumns,
      settings,
      postgresUrl: config.database.kind === 'postgres' ? config.database.url : null,
      redisUrl: config.redisUrl,
      predictionCache: flags.cache
        ? {
            enabled: () => true,
            maxEntries: flags.cacheMaxEntries,
            maxBytes: flags.cacheMaxMb * 1024 * 1024,
            ttlMs: flags.cacheTtlSeconds * 1000,
          }
        : undefined,
      predictionLog: predictionLog ?? undefined,
      feedbackStore: predictions ?? undefined,
      // Logs go to stderr (stdout carries the URL: one JSON document with --json), a write per turn.
      logTo: log,
    })
    const url = await listenOn(server.app, flags.host, flags.port)
    await server.start()
    const retaining =
      predictions &&
      scheduleRetention(predictions, retention, {
        onError: (error) => server.app.log.warn({ err: error }, 'prediction log retention failed'),
      })
    if (alertRules) alertStore = await openAlertStore(config.database)
    const alerting =
      alertRules && predictions && alertStore
        ? new AlertScheduler(
            {
              monitor: {
                registry: backend.registry!,
                log: predictions,
                references: runReferenceSource(backend.store, backend.artifacts),
              },
              store: alertStore,
              runs: backend.store,
            },
            {
              rules: alertRules,
              onError: (error, model) => server.app.log.warn({ err: error, model }, 'alert schedule failed'),
              onEvent: ({ kind, alert }) =>
                server.app.log.info(
                  { alert: alert.id, model: alert.model, condition: alert.condition, value: alert.value },
                  `alerts: ${kind}`,
                ),
              // A retraining command's runs land in the store this server reads, and link to the alert.
              commandEnv: {
                SHIPYARD_HOME: config.home,
                SHIPYARD_DATABASE_URL:
                  config.database.kind === 'sqlite' ? config.database.path : config.database.url,
              },
            },
          )
        : null
    alerting?.start()
    lifecycle.started({ url, store: describeTarget(config), models: server.pool.routes() })
    await lifecycle.stopRequested()
    await server.app.close()
    await alerting?.stop()
    await retaining?.stop()
  } finally {
    await alertStore?.close()
    // The writer flushes what it holds into the store before the store closes.
    await predictionLog?.close()
    await appender?.close()
    await predictions?.close()
    log.flush()
    await backend.close()
  }
}
