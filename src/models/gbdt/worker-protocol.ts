import type { FeatureBins } from './feature-bins.js'
import type { GbdtParams } from './gbdt-model.js'

/**
 * The messages between the main thread and GBDT workers. Binning runs over ordinary messages; a
 * training session then runs synchronously over a shared control block per worker: the main thread
 * writes a job and its arguments, bumps `SEQ` and notifies; the worker runs the job, sets `DONE` to
 * that sequence number and notifies back. Every typed array below lives in shared memory.
 */
export const JOB = { END: 0, FILL_BINS: 1, HISTOGRAM: 2, GRADIENTS: 3, LOSS: 4, PARTITION: 5 } as const

/** Slots of the control block. */
export const SLOT = { SEQ: 0, DONE: 1, JOB: 2, FAILED: 3, ARGS: 4, RESULT: 15 } as const

/** Int32 slots of a control block. */
export const CONTROL_LENGTH = 16

/** Loss partial sums cover fixed chunks of rows, so their sum does not depend on the thread count. */
export const LOSS_CHUNK = 65_536

/** Bin the given features of `values` (see `featureBins`). */
export interface BinRequest {
  readonly type: 'bin'
  readonly values: Float32Array
  readonly width: number
  readonly features: readonly number[]
  readonly sample: Int32Array
  readonly maxBins: number
  readonly categorical: readonly number[]
}

/** A worker's answer to any request: a value or the failure's stack. */
export type WorkerReply<T> = { readonly ok: T } | { readonly error: string }

/** Everything a worker reads or writes during one training session. */
export interface SessionRequest {
  readonly type: 'session'
  readonly control: Int32Array
  readonly params: GbdtParams
  readonly rows: number
  readonly width: number
  readonly values: Float32Array
  readonly featureBins: readonly FeatureBins[]
  readonly positiveInfinity: Uint8Array
  readonly bins: Uint8Array
  readonly columns: Uint8Array
  readonly offsets: Int32Array
  readonly features: Int32Array
  readonly order: Int32Array
  /** The partition's right rows, by offset (see `partitionRange`). */
  readonly scratch: Int32Array
  /** The current split's `goesLeft` table. */
  readonly sides: Uint8Array
  readonly gh: Float32Array
  readonly hist: Float64Array
  readonly scores: Float64Array
  readonly labels: Float64Array
  readonly weights: Float64Array | undefined
  readonly partials: Float64Array
}

/** What the main thread sends a worker. */
export type WorkerRequest = BinRequest | SessionRequest
