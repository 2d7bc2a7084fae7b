import type { NumericArray } from '../../data/index.js'

/** A numeric column counted on bins, with the moments of its finite values. */
export interface BinnedNumbers {
  /** NaN rows. */
  readonly missing: number
  /** Present values per bin (±Infinity in the outer bins). */
  readonly counts: Float64Array
  /** Finite values, and their mean and population standard deviation (NaN when none). */
  readonly finite: number
  readonly mean: number
  readonly std: number
}

/**
 * Interior bin edges `cuts` (ascending) padded to a power of two with NaN, the shape `binOf`
 * searches: no comparison with NaN holds, so the padding sorts above every value, +∞ included.
 * Bin 0 is (−∞, cuts[0]), bin k is [cuts[k−1], cuts[k]) and the last is [cuts[last], +∞].
 */
export function searchableCuts(cuts: readonly number[]): Float64Array {
  let size = 1
  while (size <= cuts.length) size *= 2
  const padded = new Float64Array(size).fill(Number.NaN)
  padded.set(cuts)
  return padded
}

/**
 * The bin of `v` (not NaN) on `searchableCuts`: how many cuts are ≤ v, by a binary search of fixed
 * depth (log2 of the padded length: 4 steps for 10 bins; the padding is at least one longer than
 * `cuts`, so the steps' sum reaches every count) whose steps are arithmetic, not branches: values
 * land in bins at random, so a branching search mispredicts at nearly every step and takes twice as
 * long on a million values.
 */
export function binOf(padded: Float64Array, v: number): number {
  let bin = 0
  // `step * +(a <= b)`, not `a <= b ? step : 0`: V8 compiles the ternary to a branch.
  for (let step = padded.length >>> 1; step > 0; step >>>= 1) bin += step * +(padded[bin + step - 1]! <= v)
  return bin
}

/**
 * Counts `values` on the bins between `cuts` in one pass, the same way for the reference and for live data, and sums
 * the finite values' deviations from `shift` (a value near their centre, so that the one-pass
 * variance loses no precision to cancellation). Allocates only the counts.
 */
export function binNumbers(values: NumericArray, cuts: readonly number[], shift: number): BinnedNumbers {
  const padded = searchableCuts(cuts)
  const counts = new Float64Array(cuts.length + 1)
  let missing = 0
  let finite = 0
  let sum = 0
  let squares = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isNaN(v)) {
      missing++
      continue
    }
    counts[binOf(padded, v)]!++
    const d = v - shift
    // d − d is 0 for finite d and NaN for ±Infinity.
    if (d - d === 0) {
      finite++
      sum += d
      squares += d * d
    }
  }
  const meanShift = finite > 0 ? sum / finite : Number.NaN
  const variance = finite > 0 ? Math.max(0, squares / finite - meanShift * meanShift) : Number.NaN
  return { missing, counts, finite, mean: shift + meanShift, std: Math.sqrt(variance) }
}
