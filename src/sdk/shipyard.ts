import type { ModelRegistry } from '../registry/index.js'
import { type ConfigFlags, currentUser, invalidValue, loadConfig, ShipyardError } from '../shared/index.js'
import type { Experiment, RunArtifacts, TrackingStore } from '../tracking/index.js'
import { LIMITS } from '../tracking/index.js'
import { ActiveRun, type LoggableValue } from './active-run.js'
import { type ExitFlushable, registerExitFlush, unregisterExitFlush } from './exit-flush.js'
import type { MetricBufferOptions } from './metric-buffer.js'
import { openBackend, type TrackingBackend } from './open-backend.js'
import { SYSTEM_TAGS, sourceTags } from './source-tags.js'

/**
 * The tag `withRun` sets to the error's message when its callback throws.
 *
 * @example
 * const failed = await shipyard.store.searchRuns({ filter: `tags.\`${ERROR_TAG}\` != ''` })
 */
export const ERROR_TAG = 'shipyard.error'

/**
 * How `Shipyard.open` finds its backend: flags over `SHIPYARD_*` variables, or a ready backend.
 *
 * @example
 * await Shipyard.open({ home: '/data/shipyard', databaseUrl: 'postgres://ml@db:5432/shipyard' })
 */
export interface ShipyardOptions extends ConfigFlags {
  /** Use this backend instead of one from the configuration (tests, embedding); `close()` closes it. */
  readonly backend?: TrackingBackend
  /** How runs buffer their metrics; defaults: the store's largest batch, flushed within 1 s. */
  readonly metricBuffer?: MetricBufferOptions
}

/**
 * Where a new run goes and what it starts with.
 *
 * @example
 * await shipyard.startRun({ experimentName: 'churn', runName: 'gbdt-depth-6', tags: { team: 'risk' } })
 */
export interface StartRunOptions {
  /** The experiment, by name; created when missing. Give this or `experimentId`, not both. */
  readonly experimentName?: string
  /** The experiment, by id. Default: the parent's experiment for a nested run, else `Default` (`0`). */
  readonly experimentId?: string
  /** Default: a generated two-word name. */
  readonly runName?: string
  /** Set after, and so over, the system tags (`mlflow.user`, `mlflow.source.*`). */
  readonly tags?: Readonly<Record<string, LoggableValue>>
  /** Nests the run under this one (`mlflow.parentRunId`). */
  readonly parentRunId?: string
  /** Nests the run under a live run; same as `parentRunId: parent.runId`. */
  readonly parent?: ActiveRun
}

/**
 * The SDK's entry point: logs runs to the tracking store the configuration names (embedded SQLite,
 * PostgreSQL, or a Shipyard server) and reads them back through `store`. Safe to use from
 * several async tasks at once; each `ActiveRun` buffers its own metrics. Buffered metrics are
 * flushed on `end()`, `close()` and when the event loop empties (`beforeExit`); a process killed
 * hard or ended with `process.exit()` loses at most the points still buffered.
 *
 * @example
 * import { Shipyard } from 'shipyard-ml'
 * const shipyard = await Shipyard.open() // SHIPYARD_HOME, SHIPYARD_DATABASE_URL, SHIPYARD_TRACKING_URI
 * await shipyard.withRun({ experimentName: 'churn' }, async (run) => {
 *   await run.logParams({ lr: 0.1, depth: 6 })
 *   for (let step = 0; step < 100; step++) run.logMetric('loss', 1 / (step + 1), step)
 * })
 * await shipyard.close()
 */
export class Shipyard implements ExitFlushable {
  readonly #backend: TrackingBackend
  readonly #bufferOptions: MetricBufferOptions | undefined
  readonly #live = new Set<ActiveRun>()
  /** Runs whose exit-time flush failed: not retried, or `beforeExit` would loop forever. */
  readonly #lostAtExit = new WeakSet<ActiveRun>()
  #closed = false

  private constructor(backend: TrackingBackend, bufferOptions: MetricBufferOptions | undefined) {
    this.#backend = backend
    this.#bufferOptions = bufferOptions
    registerExitFlush(this)
  }

  /**
   * Opens the backend the configuration names (see `loadConfig`): `trackingUri` set means a server,
   * otherwise the SQL store on `databaseUrl` with artifacts under `home`.
   *
   * @example
   * const shipyard = await Shipyard.open({ trackingUri: 'http://127.0.0.1:5000' })
   */
  static async open(options: ShipyardOptions = {}): Promise<Shipyard> {
    const backend = options.backend ?? (await openBackend(loadConfig(options)))
    return new Shipyard(backend, options.metricBuffer)
  }

  /** The tracking store, for reads: `getRun`, `searchRuns`, `getMetricHistory`... @example await shipyard.store.getRun(run.runId) */
  get store(): TrackingStore {
    return this.#backend.store
  }

  /** Run artifacts, for listing and reading. @example await shipyard.artifacts.list(run.info) */
  get artifacts(): RunArtifacts {
    return this.#backend.artifacts
  }

  /**
   * The model registry on the metadata database. Throws `SHIPYARD_CONFIG_INVALID` when the backend
   * has none (tracking goes to a server and no database URL was given).
   *
   * @example
   * const production = await shipyard.registry.resolve('churn', 'production')
   */
  get registry(): ModelRegistry {
    const registry = this.#backend.registry
    if (registry === null) {
      throw new ShipyardError(
        'SHIPYARD_CONFIG_INVALID',
        'the model registry needs the metadata database: unset SHIPYARD_TRACKING_URI or set SHIPYARD_DATABASE_URL',
      )
    }
    return registry
  }

  /**
   * The experiment named `name`, created if missing (two processes racing to create it both get it).
   *
   * @example
   * const { experimentId } = await shipyard.getOrCreateExperiment('churn')
   */
  async getOrCreateExperiment(name: string): Promise<Experiment> {
    const existing = await this.#findExperiment(name)
    if (existing) return existing
    try {
      return await this.store.createExperiment({ name })
    } catch (error) {
      if (error instanceof ShipyardError && error.code === 'RESOURCE_ALREADY_EXISTS')
        return this.store.getExperimentByName(name)
      throw error
    }
  }

  async #findExperiment(name: string): Promise<Experiment | undefined> {
    try {
      return await this.store.getExperimentByName(name)
    } catch (error) {
      if (error instanceof ShipyardError && error.code === 'RESOURCE_DOES_NOT_EXIST') return undefined
      throw error
    }
  }

  /**
   * Starts a run in RUNNING state with MLflow's system tags (user, source, git commit, parent).
   *
   * @example
   * const parent = await shipyard.startRun({ experimentName: 'churn', runName: 'sweep' })
   * const child = await shipyard.startRun({ experimentName: 'churn', parent })
   */
  async startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    this.#requireOpen()
    if (options.experimentName !== undefined && options.experimentId !== undefined) {
      throw invalidValue('experimentName', 'give experimentName or experimentId, not both')
    }
    const parentRunId = options.parent?.runId ?? options.parentRunId
    const experimentId =
      options.experimentName === undefined
        ? (options.experimentId ?? options.parent?.info.experimentId)
        : (await this.getOrCreateExperiment(options.experimentName)).experimentId
    const user = currentUser()
    const tags: Record<string, string> = await sourceTags({ user })
    if (parentRunId !== undefined) tags[SYSTEM_TAGS.parentRunId] = parentRunId
    for (const [key, value] of Object.entries(options.tags ?? {})) tags[key] = String(value)
    const { info } = await this.store.createRun({
      ...(experimentId === undefined ? {} : { experimentId }),
      ...(options.runName === undefined ? {} : { runName: options.runName }),
      ...(user === undefined ? {} : { userId: user }),
      ...(parentRunId === undefined ? {} : { parentRunId }),
      tags,
    })
    const run = new ActiveRun(info, {
      store: this.store,
      artifacts: this.artifacts,
      ...(this.#bufferOptions ? { buffer: this.#bufferOptions } : {}),
      onEnded: (ended) => this.#live.delete(ended),
    })
    this.#live.add(run)
    return run
  }

  /**
   * Runs `work` inside a new run and ends it: `FINISHED` when `work` resolves; when it throws, the
   * metrics are flushed, the message is recorded in the tag `shipyard.error` (at most 5000
   * characters), the run ends `FAILED`, and the error is rethrown unchanged. Should recording the
   * failure fail too, the run stays live and `close()` reports why.
   *
   * @example
   * const auc = await shipyard.withRun({ experimentName: 'churn' }, async (run) => {
   *   run.logMetric('auc', 0.91)
   *   return 0.91
   * })
   */
  async withRun<T>(options: StartRunOptions, work: (run: ActiveRun) => Promise<T>): Promise<T> {
    const run = await this.startRun(options)
    let result: T
    try {
      result = await work(run)
    } catch (error) {
      await recordFailure(run, error)
      throw error
    }
    await run.end('FINISHED')
    return result
  }

  /** Flushes every live run's metrics (runs stay RUNNING), then closes the backend. @example await shipyard.close() */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    unregisterExitFlush(this)
    const flushes = await Promise.allSettled([...this.#live].map((run) => run.flush()))
    await this.#backend.close()
    const failed = flushes.find((outcome) => outcome.status === 'rejected')
    if (failed) throw failed.reason
  }

  /** Called on `beforeExit`; see `registerExitFlush`. A failure is reported on stderr and in the exit code. */
  async flushAtExit(): Promise<void> {
    for (const run of this.#live) {
      if (run.pendingMetrics === 0 || this.#lostAtExit.has(run)) continue
      try {
        await run.flush()
      } catch (error) {
        this.#lostAtExit.add(run)
        process.exitCode ||= 1
        process.emitWarning(
          `${plural(run.pendingMetrics, 'metric point')} of run ${run.runId} could not be written before exit: ${messageOf(error)}`,
          { code: 'SHIPYARD_METRICS_LOST' },
        )
      }
    }
  }

  #requireOpen(): void {
    if (this.#closed)
      throw new ShipyardError('SHIPYARD_RUN_NOT_ACTIVE', 'this Shipyard client is closed; open a new one')
  }
}

/** Best effort: `work`'s error is the one that matters, and a run left live is reported by `close()`. */
async function recordFailure(run: ActiveRun, error: unknown): Promise<void> {
  if (run.ended) return
  await run.flush().catch(() => undefined)
  await run.setTag(ERROR_TAG, messageOf(error).slice(0, LIMITS.tagValueLength)).catch(() => undefined)
  await run.end('FAILED').catch(() => undefined)
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
