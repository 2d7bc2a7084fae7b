import type { NumericArray } from '../data/index.js'

/**
 * Fit-time statistics over the finite values of a column. NaN is missing and ±Infinity would turn
 * every moment and interpolated quantile into ±Infinity or NaN, so both are left out; the fitted
 * transform still maps them (documented per step).
 */

/** The finite values, sorted ascending. */
export function sortedFinite(values: NumericArray): Float64Array {
  return finiteCopy(values).sort()
}

function finiteCopy(values: NumericArray): Float64Array {
  let n = 0
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++
  const out = new Float64Array(n)
  let j = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) out[j++] = v
  }
  return out
}

/**
 * The `q` quantile (0..1) of ascending `sorted` values by linear interpolation between closest
 * ranks (numpy's default, Hyndman-Fan type 7). NaN when `sorted` is empty.
 */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const position = (n - 1) * q
  const lo = Math.floor(position)
  const hi = Math.min(lo + 1, n - 1)
  const fraction = position - lo
  const a = sorted[lo]!
  return fraction === 0 ? a : a + (sorted[hi]! - a) * fraction
}

/**
 * The `qs` quantiles (each 0..1) of the finite values, by the same rule as `quantileOfSorted` but in
 * expected linear time (quickselect) instead of a full sort: what a median or an interquartile range on
 * a million rows wants. NaN for each when there is no finite value.
 */
export function finiteQuantiles(values: NumericArray, qs: readonly number[]): number[] {
  const a = finiteCopy(values)
  const n = a.length
  return qs.map((q) => {
    if (n === 0) return Number.NaN
    const position = (n - 1) * q
    const lo = Math.floor(position)
    selectKth(a, lo)
    const low = a[lo]!
    const fraction = position - lo
    if (fraction === 0) return low
    // After the selection everything right of `lo` is >= a[lo]; the next order statistic is their minimum.
    let next = Infinity
    for (let i = lo + 1; i < n; i++) if (a[i]! < next) next = a[i]!
    return low + (next - low) * fraction
  })
}

/** Count, mean and population standard deviation (ddof 0) of the finite values; NaN moments when none. */
export function finiteMoments(values: NumericArray): { count: number; mean: number; std: number } {
  let count = 0
  let sum = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) {
      count++
      sum += v
    }
  }
  if (count === 0) return { count, mean: Number.NaN, std: Number.NaN }
  const mean = sum / count
  // Two passes: the sum of squared deviations does not cancel catastrophically as E[x²] - E[x]² does.
  let squares = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean)
  }
  return { count, mean, std: Math.sqrt(squares / count) }
}

// Hoare quickselect with a median-of-three pivot: afterwards a[k] is the k-th smallest, with nothing
// larger before it and nothing smaller after it. Introselect-style guard: past ~2 log2(n) rounds
// (adversarial input) the remaining range is sorted instead, so the worst case stays O(n log n).
function selectKth(a: Float64Array, k: number): void {
  let lo = 0
  let hi = a.length - 1
  let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8
  while (hi > lo) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort()
      return
    }
    const mid = (lo + hi) >>> 1
    if (a[mid]! < a[lo]!) swap(a, mid, lo)
    if (a[hi]! < a[lo]!) swap(a, hi, lo)
    if (a[hi]! < a[mid]!) swap(a, hi, mid)
    const pivot = a[mid]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) swap(a, i++, j--)
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!
  a[i] = a[j]!
  a[j] = t
}
