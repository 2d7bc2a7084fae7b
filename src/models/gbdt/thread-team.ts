import { ShipyardError } from '../../shared/index.js'
import { type FeatureBins, featureBins, fillBins } from './feature-bins.js'
import type { GbdtWorker } from './gbdt-worker-pool.js'
import { buildHistogram, combineHistograms } from './histogram.js'
import type { HistogramBuilder, RowPartitioner } from './histogram-builder.js'
import type { Objective } from './objectives/objective.js'
import { joinPartition, partitionRange } from './partition-rows.js'
import { chunkLosses, type RowTasks, sumPartials } from './row-tasks.js'
import type { TrainingWorkspace } from './training-workspace.js'
import { CONTROL_LENGTH, JOB, type SessionRequest, SLOT } from './worker-protocol.js'

/** Histogram jobs smaller than this many row × feature updates stay on the main thread (~0.1 ms). */
const MIN_PARALLEL_UPDATES = 32_768
/** Leaves with fewer rows than this are partitioned on the main thread alone. */
const MIN_PARALLEL_PARTITION = 65_536
/** Polls of a worker's done flag before sleeping on it: most jobs end within a few microseconds. */
const SPIN_POLLS = 2_000
/** A job not done after this long means a worker is gone; fail rather than hang. */
const JOB_TIMEOUT_MS = 10_000

/**
 * The main thread plus `workers`, sharing each job by a fixed rule (histograms by feature, gradients by
 * row, losses by fixed row chunks), so every result is the same whatever the team size. The main thread
 * always takes part 0 itself and blocks until the workers are done: a training session is synchronous.
 */
export class ThreadTeam {
  readonly #workers: readonly GbdtWorker[]
  readonly #controls: Int32Array[]
  #seq = 0
  #inSession = false

  constructor(workers: readonly GbdtWorker[]) {
    this.#workers = workers
    this.#controls = workers.map(() => new Int32Array(new SharedArrayBuffer(4 * CONTROL_LENGTH)))
  }

  /** Threads in the team, the main one included. */
  get size(): number {
    return this.#workers.length + 1
  }

  /** Bins every feature (`featureBins`), features shared round-robin; the main thread bins its own. */
  async binFeatures(
    values: Float32Array,
    width: number,
    sample: Int32Array,
    maxBins: number,
    categorical: ReadonlySet<number>,
  ): Promise<FeatureBins[]> {
    const share = (t: number) => Array.from({ length: width }, (_, f) => f).filter((f) => f % this.size === t)
    const replies = this.#workers.map((worker, i) =>
      worker.request<FeatureBins[]>({
        type: 'bin',
        values,
        width,
        features: share(i + 1),
        sample,
        maxBins,
        categorical: [...categorical],
      }),
    )
    const bins = new Array<FeatureBins>(width)
    for (const f of share(0)) bins[f] = featureBins(values, width, f, sample, maxBins, categorical.has(f))
    const answers = await Promise.all(replies)
    answers.forEach((answer, i) => {
      share(i + 1).forEach((f, j) => {
        bins[f] = answer[j]!
      })
    })
    return bins
  }

  /** Starts a training session: from now until `end`, workers serve this team's jobs only. */
  startSession(session: Omit<SessionRequest, 'type' | 'control'>): void {
    this.#inSession = true
    this.#workers.forEach((worker, i) => {
      worker.post({ type: 'session', control: this.#controls[i]!, ...session })
    })
  }

  /** Fills the bin matrix of `rows` rows, by row ranges. */
  fillBins(session: Omit<SessionRequest, 'type' | 'control'>): void {
    const { values, rows, width, featureBins, bins, columns, positiveInfinity } = session
    this.#dispatch(
      JOB.FILL_BINS,
      (t) => this.#range(rows, t),
      ([begin, end]) =>
        fillBins(values, rows, width, featureBins, begin!, end!, bins, columns, positiveInfinity),
    )
  }

  /**
   * Row ranges a large histogram is built in, each into its own slot, then summed in part order: one
   * per thread, and never fewer than two, so that one thread adds up the same parts as two and the
   * trees do not depend on the thread count up to two. More threads give other (equally deterministic)
   * sums. The workspace needs `histogramParts - 1` histogram slots beyond the leaves' (`extraSlot`).
   */
  get histogramParts(): number {
    return Math.max(2, this.size)
  }

  /**
   * A histogram builder sharing large histograms out by row range: each thread reads whole rows (all
   * features, four per word where the words are whole) of its part of the leaf, so the random reads of
   * bins and gradients are not repeated per thread. `extraSlot` is where the partial slots start.
   */
  histogramBuilder(ws: TrainingWorkspace, extraSlot: number): HistogramBuilder {
    return {
      build: (begin, end, ghOffset, base, featureCount) => {
        const words = featureCount === ws.width ? ws.width >>> 2 : 0
        const whole = (from: number, to: number, at: number) =>
          buildHistogram(ws, from, to, ghOffset, at, 0, words, 4 * words, featureCount)
        if ((end - begin) * featureCount < MIN_PARALLEL_UPDATES) return whole(begin, end, base)
        const parts = this.histogramParts
        const count = end - begin
        const at = (p: number) => (p === 0 ? base : extraSlot + (p - 1) * ws.histLength)
        const from = (p: number) => begin + Math.floor((count * p) / parts)
        if (this.size === 1) {
          for (let p = 0; p < parts; p++) whole(from(p), from(p + 1), at(p))
        } else {
          this.#dispatch(
            JOB.HISTOGRAM,
            (t) => [from(t), from(t + 1), ghOffset, at(t), 0, words, 4 * words, featureCount],
            (args) => whole(args[0]!, args[1]!, base),
          )
        }
        for (let p = 1; p < parts; p++) {
          combineHistograms(ws.hist, base, at(p), 1, ws.offsets, ws.features, 0, featureCount)
        }
      },
      subtract: (into, minus, featureCount) =>
        combineHistograms(ws.hist, into, minus, -1, ws.offsets, ws.features, 0, featureCount),
    }
  }

  /** A partitioner sharing large leaves out by row range, then joining the pieces in order. */
  partitioner(ws: TrainingWorkspace, sides: Uint8Array): RowPartitioner {
    return {
      partition: (begin, count, feature, goesLeft) => {
        const column = ws.columns.subarray(feature * ws.rows, (feature + 1) * ws.rows)
        const end = begin + count
        if (count < MIN_PARALLEL_PARTITION || this.size === 1) {
          const left = partitionRange(ws.order, ws.scratch, column, goesLeft, begin, end)
          return joinPartition(ws.order, ws.scratch, [begin], [left], end)
        }
        sides.set(goesLeft)
        const starts = Array.from({ length: this.size }, (_, t) => begin + this.#range(count, t)[0])
        const lefts = this.#dispatch(
          JOB.PARTITION,
          (t) => [begin + this.#range(count, t)[0], begin + this.#range(count, t)[1], feature],
          ([from, to]) => partitionRange(ws.order, ws.scratch, column, sides, from!, to!),
        )
        return joinPartition(ws.order, ws.scratch, starts, lefts, end)
      },
    }
  }

  /** Row tasks sharing rows out by range (gradients) and by chunk (losses). */
  rowTasks(
    objective: Objective,
    ws: TrainingWorkspace,
    session: Omit<SessionRequest, 'type' | 'control'>,
  ): RowTasks {
    const { labels, weights, partials } = session
    return {
      gradients: () =>
        this.#dispatch(
          JOB.GRADIENTS,
          (t) => this.#range(ws.rows, t),
          ([begin, end]) => objective.gradients(ws.scores, labels, weights, ws.gh, begin!, end!),
        ),
      lossSum: () => {
        this.#dispatch(
          JOB.LOSS,
          (t) => this.#range(partials.length, t),
          ([begin, end]) => chunkLosses(objective, ws.scores, labels, weights, partials, begin!, end!),
        )
        return sumPartials(partials)
      },
    }
  }

  /** Ends the session, if one started: workers return to their event loops. */
  end(): void {
    if (!this.#inSession) return
    this.#inSession = false
    this.#dispatch(
      JOB.END,
      () => [],
      () => {},
    )
  }

  // Part t of n items split into `size` contiguous parts.
  #range(n: number, t: number): [number, number] {
    return [Math.floor((n * t) / this.size), Math.floor((n * (t + 1)) / this.size)]
  }

  // Runs part 0 here and part t on worker t - 1; returns each part's numeric result, in part order.
  #dispatch(job: number, args: (t: number) => number[], local: (args: number[]) => unknown): number[] {
    const seq = ++this.#seq
    this.#controls.forEach((control, i) => {
      control[SLOT.JOB] = job
      control.set(args(i + 1), SLOT.ARGS)
      Atomics.store(control, SLOT.SEQ, seq)
      Atomics.notify(control, SLOT.SEQ)
    })
    const mine = local(args(0))
    const results = [typeof mine === 'number' ? mine : 0]
    for (const control of this.#controls) {
      awaitDone(control, seq)
      results.push(control[SLOT.RESULT]!)
    }
    if (this.#controls.some((control) => control[SLOT.FAILED] !== 0)) {
      throw new ShipyardError('INTERNAL_ERROR', 'a GBDT worker thread failed during training')
    }
    return results
  }
}

function awaitDone(control: Int32Array, seq: number): void {
  for (let i = 0; i < SPIN_POLLS; i++) if (Atomics.load(control, SLOT.DONE) === seq) return
  const deadline = Date.now() + JOB_TIMEOUT_MS
  for (;;) {
    const done = Atomics.load(control, SLOT.DONE)
    if (done === seq) return
    if (Date.now() > deadline) {
      throw new ShipyardError('INTERNAL_ERROR', 'a GBDT worker thread stopped answering during training')
    }
    Atomics.wait(control, SLOT.DONE, done, 1_000)
  }
}
