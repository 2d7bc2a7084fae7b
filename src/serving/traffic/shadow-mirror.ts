import { ShipyardError } from '../../shared/index.js'
import type { ShadowLimits } from '../config/serving-settings.js'
import type { ModelPool, ModelSelector } from '../model-pool.js'
import { type ServingLog, SILENT_LOG } from '../serving-log.js'
import {
  compareRuns,
  failedComparison,
  RecentItems,
  type ShadowComparison,
  type ShadowRun,
} from './shadow-comparison.js'
import type { ShadowMetrics } from './shadow-metrics.js'
import type { MirroredRequest, ShadowAnswer } from './traffic-router.js'

/** One request to mirror: the model it was for, the shadow to run, how far regressors may differ. */
export interface ShadowJob {
  readonly model: string
  readonly shadow: ModelSelector
  readonly tolerance: number
  readonly request: MirroredRequest
}

/** Mirrored requests of one model since the server started, by outcome. */
export interface ShadowCounts {
  ok: number
  error: number
  dropped: number
  /** Rows compared (in requests the shadow answered), and those that agreed. */
  rows: number
  agreedRows: number
}

/** What the server saw of one model's shadow traffic. */
export interface ShadowHistory {
  readonly counts: Readonly<ShadowCounts>
  /** The last comparisons (`history` of the limits), newest first. */
  readonly comparisons: readonly ShadowComparison[]
}

/** Options of a `ShadowMirror`. */
export interface ShadowMirrorOptions {
  readonly pool: Pick<ModelPool, 'withModel'>
  readonly limits: ShadowLimits
  readonly metrics: ShadowMetrics
  readonly log?: ServingLog
  /** Told of every answer (or failure) of a shadow version, for the prediction log. */
  readonly onAnswer?: (answer: ShadowAnswer) => void
}

interface ModelRecord {
  readonly counts: ShadowCounts
  readonly recent: RecentItems<ShadowComparison>
}

/**
 * Runs shadow requests in the background: at most `limits.concurrency` at once and `limits.queue`
 * waiting; a request beyond that is dropped and counted, never waited for. A job starts on a later
 * turn of the event loop than `submit`, once the primary's answer is on its way. The shadow leases
 * its version from the pool (loading it on first use), decodes the request against its own
 * signature and runs its rows on onnxruntime directly (no prediction cache: its latency is the
 * model's). Its answer is compared with the primary's, counted in the metrics and kept in a bounded
 * history per model; a request the shadow's own version answered is left alone. A shadow's failure
 * is recorded and logged, never thrown.
 */
export class ShadowMirror {
  readonly #options: ShadowMirrorOptions
  readonly #log: ServingLog
  readonly #waiting: ShadowJob[] = []
  readonly #running = new Set<Promise<void>>()
  readonly #records = new Map<string, ModelRecord>()
  #closed = false

  constructor(options: ShadowMirrorOptions) {
    this.#options = options
    this.#log = options.log ?? SILENT_LOG
  }

  /** Queues a shadow run and returns at once; drops it (counted) when the queue is full or closing. */
  submit(job: ShadowJob): void {
    const { concurrency, queue } = this.#options.limits
    if (this.#closed) this.#drop(job)
    else if (this.#running.size < concurrency) this.#start(job)
    else if (this.#waiting.length < queue) this.#waiting.push(job)
    else this.#drop(job)
  }

  /** What `model`'s shadow traffic did so far. */
  history(model: string): ShadowHistory {
    const record = this.#records.get(model)
    return {
      counts: { ...(record?.counts ?? newCounts()) },
      comparisons: record?.recent.newestFirst() ?? [],
    }
  }

  /** Drops the waiting jobs (counted as dropped) and waits for the running ones. */
  async close(): Promise<void> {
    this.#closed = true
    for (const job of this.#waiting.splice(0)) this.#drop(job)
    await Promise.all(this.#running)
  }

  #start(job: ShadowJob): void {
    const run: Promise<void> = new Promise((resolve) => setImmediate(resolve))
      .then(() => this.#mirror(job))
      .finally(() => {
        this.#running.delete(run)
        const next = this.#waiting.shift()
        if (next) this.#start(next)
      })
    this.#running.add(run)
  }

  async #mirror(job: ShadowJob): Promise<void> {
    let leased: number | null = null
    let comparison: ShadowComparison
    try {
      const run = await this.#options.pool.withModel(job.shadow, async (model): Promise<ShadowRun | null> => {
        // The arm that answered was the shadow's own version (an alias arm, a shadow by number).
        if (model.version.version === job.request.primary.version.version) return null
        leased = model.version.version
        const time = Date.now()
        const started = performance.now()
        const answer = { request: job.request, model, selector: job.shadow, time }
        try {
          const results = await model.run(job.request.feedsFor(model))
          const seconds = (performance.now() - started) / 1000
          this.#options.onAnswer?.({ ...answer, seconds, results })
          return { version: model.version, results, seconds }
        } catch (error) {
          const seconds = (performance.now() - started) / 1000
          this.#options.onAnswer?.({ ...answer, seconds, error: answerError(error) })
          throw error
        }
      })
      if (run === null) return
      comparison = compareRuns(job.request, run, job.tolerance)
    } catch (error) {
      comparison = failedComparison(job.request, leased, error)
      this.#log.warn(
        { model: job.model, shadow_version: leased, request_id: job.request.requestId, err: error },
        `shadow of ${job.model} failed: ${comparison.error}`,
      )
    }
    this.#remember(job.model, comparison)
  }

  #remember(model: string, comparison: ShadowComparison): void {
    const { counts, recent } = this.#recordOf(model)
    const ok = comparison.error === null
    counts[ok ? 'ok' : 'error']++
    counts.rows += comparison.rows
    counts.agreedRows += comparison.agreedRows
    recent.push(comparison)
    this.#options.metrics.record({
      model,
      primaryVersion: String(comparison.primary.version),
      shadowVersion: comparison.shadow.version === null ? '' : String(comparison.shadow.version),
      outcome: ok ? 'ok' : 'error',
      ...(ok
        ? { seconds: comparison.shadow.seconds!, rows: comparison.rows, agreed: comparison.agreedRows }
        : {}),
    })
  }

  #drop(job: ShadowJob): void {
    this.#recordOf(job.model).counts.dropped++
    this.#options.metrics.record({
      model: job.model,
      primaryVersion: String(job.request.primary.version.version),
      shadowVersion: '',
      outcome: 'dropped',
    })
  }

  #recordOf(model: string): ModelRecord {
    let record = this.#records.get(model)
    if (!record) {
      record = { counts: newCounts(), recent: new RecentItems(this.#options.limits.history) }
      this.#records.set(model, record)
    }
    return record
  }
}

function answerError(error: unknown): { code: string; message: string } {
  if (error instanceof ShipyardError) return { code: error.code, message: error.message }
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) }
}

function newCounts(): ShadowCounts {
  return { ok: 0, error: 0, dropped: 0, rows: 0, agreedRows: 0 }
}
