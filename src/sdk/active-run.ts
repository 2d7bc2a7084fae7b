import { basename } from 'node:path'
import { joinArtifactPath, normalizeArtifactPath } from '../artifacts/index.js'
import { invalidValue, ShipyardError } from '../shared/index.js'
import type { ArtifactInfo, RunArtifacts, RunInfo, RunStatus, TrackingStore } from '../tracking/index.js'
import { validateInteger, validateKey } from '../tracking/index.js'
import { MetricBuffer, type MetricBufferOptions } from './metric-buffer.js'

/**
 * A param or tag value; stored as `String(value)`, as MLflow stores `str(value)`.
 *
 * @example
 * await run.logParams({ lr: 0.1, deep: true, seed: 7n }) // stored as '0.1', 'true', '7'
 */
export type LoggableValue = string | number | boolean | bigint

/**
 * What an `ActiveRun` writes through; `Shipyard` builds it, tests may too.
 *
 * @example
 * const { info } = await store.createRun()
 * const run = new ActiveRun(info, { store, artifacts, buffer: { intervalMs: 100 } })
 */
export interface ActiveRunContext {
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
  readonly buffer?: MetricBufferOptions
  /** Called once, when the run has ended. */
  readonly onEnded?: (run: ActiveRun) => void
}

/**
 * A live handle on a run being logged to: it writes through the tracking store. Params, tags and
 * artifacts are written when their promise resolves; metrics are buffered (see `logMetric`).
 * Start one with `Shipyard.startRun` or `Shipyard.withRun`; after `end()` it refuses further logging
 * with `SHIPYARD_RUN_NOT_ACTIVE` (read the stored run with `shipyard.store.getRun(run.runId)`).
 *
 * @example
 * const run = await shipyard.startRun({ experimentName: 'churn' })
 * await run.logParams({ lr: 0.1, depth: 6 })
 * for (let step = 0; step < 100; step++) run.logMetric('loss', 1 / (step + 1), step)
 * await run.end()
 */
export class ActiveRun {
  readonly #store: TrackingStore
  readonly #artifacts: RunArtifacts
  readonly #buffer: MetricBuffer
  readonly #onEnded: ((run: ActiveRun) => void) | undefined
  readonly #metricKeys = new Set<string>()
  #info: RunInfo
  #ending: Promise<void> | null = null
  #ended = false

  constructor(info: RunInfo, context: ActiveRunContext) {
    this.#info = info
    this.#store = context.store
    this.#artifacts = context.artifacts
    this.#onEnded = context.onEnded
    // Batches as large as the store takes: each is one transaction, and fewer are faster.
    this.#buffer = new MetricBuffer((metrics) => this.#store.logBatch(info.runId, { metrics }), {
      batchSize: context.store.batchLimits.metrics,
      ...context.buffer,
    })
  }

  /** The run's id (32 hex characters). */
  get runId(): string {
    return this.#info.runId
  }

  /** The latest `RunInfo` this handle knows: as created, then as ended. */
  get info(): RunInfo {
    return this.#info
  }

  /** True once `end()` has completed. */
  get ended(): boolean {
    return this.#ended
  }

  /** Metric points buffered and not yet written. */
  get pendingMetrics(): number {
    return this.#buffer.size
  }

  /**
   * Logs one param. Params are immutable: logging a key again with another value rejects with
   * `SHIPYARD_PARAM_IMMUTABLE` (the same value is accepted).
   *
   * @example
   * await run.logParam('lr', 0.1) // stored as '0.1'
   */
  async logParam(key: string, value: LoggableValue): Promise<void> {
    return this.logParams({ [key]: value })
  }

  /** Logs several params, 100 per write (MLflow's batch limit); see `logParam`. @example await run.logParams({ lr: 0.1, depth: 6 }) */
  async logParams(params: Readonly<Record<string, LoggableValue>>): Promise<void> {
    this.#requireLive()
    const entries = toEntries(params)
    const size = this.#store.batchLimits.params
    for (let i = 0; i < entries.length; i += size) {
      await this.#store.logBatch(this.runId, { params: entries.slice(i, i + size) })
    }
  }

  /**
   * Queues one metric point and returns at once; it is written in a batch when the buffer fills,
   * within about a second, or on `flush()` / `end()`. A write failure is rethrown by the next
   * `flush()` or `end()`, and its points are kept for retry. The key, value and step are checked
   * here, so a malformed point throws now rather than poisoning a batch later.
   *
   * @example
   * run.logMetric('loss', 0.3, 7) // step 7, timestamp now
   */
  logMetric(key: string, value: number, step = 0): void {
    this.#requireLive()
    // A training loop logs the same few keys over and over: each is checked once per run.
    if (!this.#metricKeys.has(key)) this.#metricKeys.add(validateKey('metric key', key))
    if (typeof value !== 'number') {
      throw invalidValue(`metric '${key}'`, `value must be a number, got ${typeof value}`)
    }
    if (!Number.isSafeInteger(step)) validateInteger(`metric '${key}' step`, step)
    this.#buffer.add({ key, value, step, timestamp: Date.now() })
  }

  /** Queues several points at the same step and timestamp; see `logMetric`. @example run.logMetrics({ auc: 0.9, loss: 0.2 }, 3) */
  logMetrics(metrics: Readonly<Record<string, number>>, step = 0): void {
    for (const [key, value] of Object.entries(metrics)) this.logMetric(key, value, step)
  }

  /** Sets a tag, replacing any earlier value. @example await run.setTag('team', 'risk') */
  async setTag(key: string, value: LoggableValue): Promise<void> {
    return this.setTags({ [key]: value })
  }

  /** Sets several tags, 100 per write. @example await run.setTags({ team: 'risk', stage: 'dev' }) */
  async setTags(tags: Readonly<Record<string, LoggableValue>>): Promise<void> {
    this.#requireLive()
    const entries = toEntries(tags)
    const size = this.#store.batchLimits.tags
    for (let i = 0; i < entries.length; i += size) {
      await this.#store.logBatch(this.runId, { tags: entries.slice(i, i + size) })
    }
  }

  /**
   * Uploads a local file into the run's artifacts, under the folder `artifactPath` (default the
   * root), keeping its base name, as MLflow's `log_artifact` does.
   *
   * @example
   * await run.logArtifact('out/model.onnx', 'model') // -> model/model.onnx
   */
  async logArtifact(localPath: string, artifactPath?: string): Promise<readonly ArtifactInfo[]> {
    this.#requireLive()
    return this.#artifacts.log(this.#info, localPath, underFolder(artifactPath, basename(localPath)))
  }

  /**
   * Uploads the contents of a local folder under `artifactPath` (default the root), as MLflow's
   * `log_artifacts` does.
   *
   * @example
   * await run.logArtifacts('out/plots', 'plots') // out/plots/roc.png -> plots/roc.png
   */
  async logArtifacts(localDir: string, artifactPath?: string): Promise<readonly ArtifactInfo[]> {
    this.#requireLive()
    return this.#artifacts.log(
      this.#info,
      localDir,
      artifactPath === undefined ? '' : normalizeArtifactPath(artifactPath),
    )
  }

  /** Writes `bytes` as the artifact file `artifactPath`. @example await run.logBytes(onnxModel, 'model/model.onnx') */
  async logBytes(bytes: Uint8Array, artifactPath: string): Promise<ArtifactInfo> {
    this.#requireLive()
    return this.#artifacts.logBytes(this.#info, artifactPath, bytes)
  }

  /** Writes `text` (UTF-8) as the artifact file `artifactPath`. @example await run.logText('ok', 'notes/status.txt') */
  logText(text: string, artifactPath: string): Promise<ArtifactInfo> {
    return this.logBytes(Buffer.from(text, 'utf8'), artifactPath)
  }

  /** Writes `value` as indented JSON to the artifact file `artifactPath`. @example await run.logJson({ auc: 0.91 }, 'eval.json') */
  async logJson(value: unknown, artifactPath: string): Promise<ArtifactInfo> {
    return this.logText(`${JSON.stringify(value, null, 2)}\n`, artifactPath)
  }

  /** Writes every buffered metric point; rejects with the store's error if some cannot be written. @example await run.flush() */
  flush(): Promise<void> {
    return this.#buffer.flush()
  }

  /**
   * Flushes, then marks the run ended with `status` (default `FINISHED`) and the end time now. If the
   * flush fails the run stays live and `end()` rejects, so it can be called again. Ending an ended
   * run does nothing.
   *
   * @example
   * await run.end('KILLED')
   */
  end(status: RunStatus = 'FINISHED'): Promise<void> {
    if (this.#ended) return Promise.resolve()
    // A second call while the first is in progress shares its outcome rather than ending twice.
    this.#ending ??= this.#finish(status).finally(() => {
      this.#ending = null
    })
    return this.#ending
  }

  async #finish(status: RunStatus): Promise<void> {
    await this.#buffer.flush()
    this.#info = await this.#store.updateRun(this.runId, { status, endTime: Date.now() })
    this.#ended = true
    this.#buffer.dispose()
    this.#onEnded?.(this)
  }

  #requireLive(): void {
    if (this.#ended || this.#ending !== null) {
      throw new ShipyardError(
        'SHIPYARD_RUN_NOT_ACTIVE',
        `run '${this.runId}' has ended; start a new run to log more`,
        {
          details: { run: this.runId },
        },
      )
    }
  }
}

function toEntries(record: Readonly<Record<string, LoggableValue>>): { key: string; value: string }[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: String(value) }))
}

/** `folder/name`, or `name` at the root; the folder is validated here so that a bad one names itself. */
function underFolder(folder: string | undefined, name: string): string {
  return folder === undefined ? name : joinArtifactPath(normalizeArtifactPath(folder), name)
}
