import type { OnnxFeed, OnnxResult } from '../../onnx/index.js'
import { concatTensorRecords, mapTensors, sliceRows } from '../tensor-rows.js'
import type { BatchObserver } from './batch-metrics.js'

/** Feeds in, results out, one row per row fed: one model run (an onnxruntime session's). */
export type RunFeeds = (feeds: Readonly<Record<string, OnnxFeed>>) => Promise<Record<string, OnnxResult>>

/** Options of a `MicroBatcher`: see `BatchingOptions` for their meaning. */
export interface MicroBatcherOptions {
  readonly maxRows: number
  readonly maxWaitMs: number
  readonly observe?: BatchObserver
}

interface Waiting {
  readonly feeds: Readonly<Record<string, OnnxFeed>>
  readonly rows: number
  /** `Date.now()` when it arrived, for `maxWaitMs`. */
  readonly since: number
  readonly resolve: (results: Record<string, OnnxResult>) => void
  readonly reject: (error: unknown) => void
}

/**
 * Joins concurrent requests to one model into one run. At most one run is in flight: a request to an
 * idle batcher runs at once (with `maxWaitMs` 0), and the requests that arrive meanwhile wait and go
 * together in the next run, first come first served, up to `maxRows` rows (a request holding more
 * runs alone, never split). With `maxWaitMs` > 0, a batch also waits until its oldest request has
 * waited that long, unless it reaches `maxRows` first. Each request gets its own rows of the results,
 * in order, exactly as a run of its feeds alone would give them; a request whose rows make the run
 * fail fails alone (see `#answer`).
 *
 * Requests' feeds must share names, types and row widths (one model's signature), so that they join.
 *
 * @example
 * const batcher = new MicroBatcher((feeds) => session.run(feeds), { maxRows: 256, maxWaitMs: 0 })
 * const results = await batcher.run(feeds)
 */
export class MicroBatcher {
  readonly #runFeeds: RunFeeds
  readonly #maxRows: number
  readonly #maxWaitMs: number
  readonly #observe: BatchObserver | undefined
  readonly #queue: Waiting[] = []
  #queuedRows = 0
  #running = false
  #timer: ReturnType<typeof setTimeout> | null = null
  readonly #onIdle: (() => void)[] = []

  constructor(runFeeds: RunFeeds, options: MicroBatcherOptions) {
    this.#runFeeds = runFeeds
    this.#maxRows = options.maxRows
    this.#maxWaitMs = options.maxWaitMs
    this.#observe = options.observe
  }

  /** Runs `feeds` in the next batch; resolves with their rows of its results. */
  run(feeds: Readonly<Record<string, OnnxFeed>>): Promise<Record<string, OnnxResult>> {
    return new Promise((resolve, reject) => {
      const rows = rowsOf(feeds)
      this.#queue.push({ feeds, rows, since: Date.now(), resolve, reject })
      this.#queuedRows += rows
      this.#schedule()
    })
  }

  /** Resolves once no request waits and no run is in flight. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.#onIdle.push(resolve))
  }

  #isIdle(): boolean {
    return !this.#running && this.#queue.length === 0
  }

  // Starts the next run now if it may go, else makes sure a timer will start it.
  #schedule(): void {
    if (this.#running || this.#queue.length === 0) return
    const waited = Date.now() - this.#queue[0]!.since
    const wait = this.#queuedRows >= this.#maxRows ? 0 : this.#maxWaitMs - waited
    if (wait <= 0) {
      this.#clearTimer()
      void this.#runNext()
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = null
        this.#schedule()
      }, wait)
    }
  }

  #clearTimer(): void {
    if (this.#timer === null) return
    clearTimeout(this.#timer)
    this.#timer = null
  }

  async #runNext(): Promise<void> {
    this.#running = true
    try {
      await this.#answer(this.#takeBatch())
    } finally {
      this.#running = false
      this.#schedule()
      if (this.#isIdle()) for (const resolve of this.#onIdle.splice(0)) resolve()
    }
  }

  // The oldest request, and those after it while the rows fit in maxRows (never skipping one, so that
  // a big request is not overtaken forever by small ones).
  #takeBatch(): Waiting[] {
    let rows = this.#queue[0]!.rows
    let count = 1
    while (count < this.#queue.length && rows + this.#queue[count]!.rows <= this.#maxRows) {
      rows += this.#queue[count]!.rows
      count++
    }
    this.#queuedRows -= rows
    return this.#queue.splice(0, count)
  }

  /**
   * Runs the requests as one run and hands each its rows. A joined run can fail because of one
   * request's rows (a value the model cannot take), so a failure does not fail the group: it is
   * halved and each half answered the same way, until the bad request runs alone and fails alone with
   * its own error, while the others are answered by runs without it. Halving rather than re-running
   * each request alone costs about 2·log2(n) runs for one bad request among n, instead of n; a
   * failure every request shares (a model that cannot run at all) costs 2n - 1 runs, each failing fast.
   */
  async #answer(group: readonly Waiting[]): Promise<void> {
    let parts: Record<string, OnnxResult>[]
    try {
      parts = splitResults(await this.#runJoined(group), group)
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error)
        return
      }
      const half = Math.ceil(group.length / 2)
      await this.#answer(group.slice(0, half))
      await this.#answer(group.slice(half))
      return
    }
    for (const [i, waiting] of group.entries()) waiting.resolve(parts[i]!)
  }

  // Async, so that a run function throwing at once still becomes a rejection handled by #answer.
  async #runJoined(group: readonly Waiting[]): Promise<Record<string, OnnxResult>> {
    this.#observe?.(rowsIn(group), group.length)
    const feeds = group.length === 1 ? group[0]!.feeds : concatTensorRecords(group.map((w) => w.feeds))
    return this.#runFeeds(feeds)
  }
}

/** A request's row count: the first dimension of its feeds. */
function rowsOf(feeds: Readonly<Record<string, OnnxFeed>>): number {
  for (const feed of Object.values(feeds)) return feed.dims[0] ?? 0
  return 0
}

// Each request's rows of a joined run's results; a lone request's results are its own, untouched.
// An output that is not one row per row fed cannot be split: the throw makes #answer run requests apart.
function splitResults(
  results: Record<string, OnnxResult>,
  group: readonly Waiting[],
): Record<string, OnnxResult>[] {
  if (group.length === 1) return [results]
  const rows = rowsIn(group)
  for (const [name, result] of Object.entries(results)) {
    if (result.dims[0] !== rows) {
      throw new Error(`output '${name}' has ${result.dims[0]} rows for the ${rows} rows fed`)
    }
  }
  let begin = 0
  return group.map((waiting) => {
    const start = begin
    begin += waiting.rows
    return mapTensors(results, (result) => sliceRows(result, start, start + waiting.rows))
  })
}

function rowsIn(group: readonly Waiting[]): number {
  return group.reduce((sum, waiting) => sum + waiting.rows, 0)
}
