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
 * expected linear time instead of a full sort: what a median or an interquartile range on a million
 * rows wants. NaN for each when there is no finite value.
 *
 * Copying a million values to select among them costs more than the selection, so float64 input is
 * first bucketed by the top 16 bits of its order-preserving key (sign, exponent, 4 mantissa bits): one
 * read-only pass counts the buckets, a second copies out only the bucket(s) holding the wanted ranks,
 * usually a few thousand values, and quickselect finishes there. The order statistics are the same
 * numbers a full sort gives (a zero may come back as -0 where a sort has 0: they compare equal).
 */
export function finiteQuantiles(values: NumericArray, qs: readonly number[]): number[] {
  if (!(values instanceof Float64Array) || !LITTLE_ENDIAN) return quantilesBySelection(finiteCopy(values), qs)
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * values.length)
  const n = countBuckets(words, BUCKETS)
  return qs.map((q) => {
    if (n === 0) return Number.NaN
    const position = (n - 1) * q
    const lo = Math.floor(position)
    const fraction = position - lo
    const hi = fraction === 0 ? lo : lo + 1
    // The buckets holding ranks lo..hi, and how many values lie in the buckets before them.
    let first = 0
    let before = 0
    while (before + BUCKETS[first]! <= lo) before += BUCKETS[first++]!
    let last = first
    let through = before + BUCKETS[first]!
    while (through <= hi) through += BUCKETS[++last]!
    const a = collect(values, words, first, last, through - before)
    return orderStatistics(a, lo - before, fraction)
  })
}

/** The reference path (and Float32Array input): quickselect on a copy of every finite value. */
function quantilesBySelection(a: Float64Array, qs: readonly number[]): number[] {
  const n = a.length
  return qs.map((q) => {
    if (n === 0) return Number.NaN
    const position = (n - 1) * q
    const lo = Math.floor(position)
    return orderStatistics(a, lo, position - lo)
  })
}

// The k-th smallest of `a`, interpolated by `fraction` towards the (k+1)-th; reorders `a`.
function orderStatistics(a: Float64Array, k: number, fraction: number): number {
  selectKth(a, k)
  const low = a[k]!
  if (fraction === 0) return low
  // After the selection everything right of `k` is >= a[k]; the next order statistic is their minimum.
  let next = Infinity
  for (let i = k + 1; i < a.length; i++) if (a[i]! < next) next = a[i]!
  return low + (next - low) * fraction
}

/** The bucketing reads the high word of a double second; big-endian hosts take the copying path. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
/** One counter per 16-bit key prefix, reused by every call (the functions are synchronous). */
const BUCKETS = new Int32Array(1 << 16)

// The bucket of a finite double from its high word: the sign-flipped bits order like the numbers
// (negatives inverted), so bucket order is value order. -0 and 0 land in adjacent buckets.
const bucketOf = (hi: number): number => (hi & 0x80000000 ? ~hi >>> 16 : (hi >>> 16) | 0x8000)

/** Fills `counts` with the finite values per bucket; returns how many finite values there are. */
function countBuckets(words: Uint32Array, counts: Int32Array): number {
  counts.fill(0)
  let n = 0
  for (let i = 1; i < words.length; i += 2) {
    const hi = words[i]!
    // An all-ones exponent is NaN or ±Infinity: not finite.
    if ((hi & 0x7ff00000) === 0x7ff00000) continue
    counts[bucketOf(hi)]!++
    n++
  }
  return n
}

/** The `size` finite values whose bucket is in first..last. */
function collect(
  values: Float64Array,
  words: Uint32Array,
  first: number,
  last: number,
  size: number,
): Float64Array {
  const out = new Float64Array(size)
  let j = 0
  for (let i = 0; i < values.length; i++) {
    const hi = words[2 * i + 1]!
    if ((hi & 0x7ff00000) === 0x7ff00000) continue
    const b = bucketOf(hi)
    if (b >= first && b <= last) out[j++] = values[i]!
  }
  return out
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
