import type { ModelSignature } from '../../models/index.js'
import { invalidValue } from '../../shared/index.js'
import type { BatchMetrics } from './batch-metrics.js'

/** Most rows one joined onnxruntime run holds, unless one request alone holds more. */
export const DEFAULT_BATCH_MAX_ROWS = 256
/** 0: adaptive, a batch never waits to fill (see `BatchingOptions.maxWaitMs`). */
export const DEFAULT_BATCH_MAX_WAIT_MS = 0

/**
 * How concurrent requests to one model version are joined into one onnxruntime run (micro-batching).
 *
 * @example
 * // Up to 64 rows a run, and a batch may wait 2 ms for company:
 * new ModelPool({ registry, routes, batching: { maxRows: 64, maxWaitMs: 2 } })
 */
export interface BatchingOptions {
  /**
   * Most rows one run joins; default 256. A request holding more runs alone, never split. 1 turns
   * batching off: every request runs on its own, concurrently with the others, as without batching.
   */
  readonly maxRows?: number
  /**
   * How long the oldest waiting request may wait for a batch to fill, in ms; default 0 (adaptive): a
   * request to an idle model runs at once, and requests arriving while a run is in flight go together
   * in the next run, so batches grow with load and an idle server adds no latency. A batch that
   * reaches `maxRows` goes at once either way.
   */
  readonly maxWaitMs?: number
  /** Where each run's rows and requests are counted; none by default. */
  readonly metrics?: BatchMetrics
}

/** `BatchingOptions` checked, with their defaults. */
export interface BatchingSettings extends BatchingOptions {
  readonly maxRows: number
  readonly maxWaitMs: number
}

/**
 * Checks batching options and fills in their defaults. `INVALID_PARAMETER_VALUE` naming
 * `batching.maxRows` (not an integer ≥ 1) or `batching.maxWaitMs` (not a finite number ≥ 0).
 */
export function batchingSettings(options: BatchingOptions = {}): BatchingSettings {
  const { maxRows = DEFAULT_BATCH_MAX_ROWS, maxWaitMs = DEFAULT_BATCH_MAX_WAIT_MS } = options
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw invalidValue(
      'batching.maxRows',
      `expected an integer of at least 1 (1: no batching); got ${maxRows}`,
    )
  }
  if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
    throw invalidValue('batching.maxWaitMs', `expected a number of milliseconds, 0 or more; got ${maxWaitMs}`)
  }
  return { ...options, maxRows, maxWaitMs }
}

/**
 * True when requests to a model with this signature can be joined: every input and output has rows
 * as its first dimension (-1). A model exported elsewhere with a fixed first dimension, or an output
 * that is not one row per input row, is run request by request.
 */
export function joinsRows(signature: ModelSignature): boolean {
  return [...signature.inputs, ...signature.outputs].every((tensor) => tensor.shape[0] === -1)
}
