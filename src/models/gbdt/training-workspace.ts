import type { FeatureBins } from './feature-bins.js'
import { BIN_STRIDE, type HistogramData } from './histogram.js'

/**
 * The big buffers one training run works in, allocated once (in shared memory when worker threads
 * help, so they read them in place):
 * - `bins`: the row-major byte matrix, `stride` bytes per row (padded to whole words), read by
 *   histograms (a row's bins in one cache line), also viewed as 32-bit `words`;
 * - `columns`: the same bins column-major, read by partitioning (one feature, rows ascending);
 * - `gh`: gradient and hessian per row, interleaved, one block of 2 × rows per output;
 * - `order`: row indices, partitioned in place by leaf (LightGBM's DataPartition), bagged rows first,
 *   with `scratch` to partition through;
 * - `hist`: `slots` histogram slots of `histLength` doubles (one per leaf, plus the partial
 *   histograms of a build shared out by rows);
 * - `features`: the features the current tree may split on (a prefix of it);
 * - `scores`: the raw training scores, row-major [rows × outputs].
 */
export interface TrainingWorkspace extends HistogramData {
  readonly rows: number
  readonly width: number
  readonly featureBins: readonly FeatureBins[]
  /** Where each feature's bins start in a histogram slot, in doubles; length width + 1. */
  readonly offsets: Int32Array
  readonly histLength: number
  readonly bins: Uint8Array
  readonly columns: Uint8Array
  readonly gh: Float32Array
  readonly order: Int32Array
  readonly scratch: Int32Array
  readonly hist: Float64Array
  readonly features: Int32Array
  readonly scores: Float64Array
}

/** Allocates a byte buffer, shared between threads when `shared`. */
export function allocate(bytes: number, shared: boolean): ArrayBufferLike {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)
}

/** The histogram offsets (in doubles) of binned features: each has its regular bins and a missing bin. */
export function histogramOffsets(features: readonly FeatureBins[]): Int32Array {
  const offsets = new Int32Array(features.length + 1)
  features.forEach((feature, f) => {
    offsets[f + 1] = offsets[f]! + BIN_STRIDE * (feature.numBins + 1)
  })
  return offsets
}

/** The workspace for binned data with `outputs` gradient blocks and `slots` histogram slots. */
export function createWorkspace(
  bins: Uint8Array,
  stride: number,
  columns: Uint8Array,
  rows: number,
  width: number,
  featureBins: readonly FeatureBins[],
  outputs: number,
  slots: number,
  shared: boolean,
): TrainingWorkspace {
  const offsets = histogramOffsets(featureBins)
  const histLength = offsets[width]!
  return {
    rows,
    width,
    featureBins,
    offsets,
    histLength,
    bins,
    words: new Uint32Array(bins.buffer, bins.byteOffset, bins.length >>> 2),
    stride,
    columns,
    gh: new Float32Array(allocate(8 * rows * outputs, shared)),
    order: new Int32Array(allocate(4 * rows, shared)),
    scratch: new Int32Array(allocate(4 * rows, shared)),
    hist: new Float64Array(allocate(8 * histLength * slots, shared)),
    features: new Int32Array(allocate(4 * width, shared)),
    scores: new Float64Array(allocate(8 * rows * outputs, shared)),
  }
}
