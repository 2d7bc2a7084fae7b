/**
 * Sorting finite float64 values fast: profiles need one sort per numeric column (exact quantiles and
 * exact distinct counts), and `Float64Array.prototype.sort` takes ~90 ms per million values here, this
 * radix sort ~10 ms.
 */

/** Below this many values the native sort wins (the radix sort clears and scans 6K counters). */
const RADIX_THRESHOLD = 1024
const DIGIT_BITS = 11
const RADIX = 1 << DIGIT_BITS
const MASK = RADIX - 1
/** Groups sharing their top 33 bits up to this size are finished by insertion sort. */
const INSERTION_MAX = 24
/** Larger groups up to this size take the native sort; beyond it, a radix sort on the low 32 bits. */
const NATIVE_MAX = 512
/** The radix sort reads the low word of a double first; big-endian hosts take the native sort. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Reusable memory for profiling: allocated for the longest column, once per profile. */
export class SortScratch {
  #input = new Float64Array(0)
  #spare = new Float64Array(0)
  readonly counts = new Int32Array(3 * RADIX)

  /** Room for at least `n` values to sort (the caller fills a prefix). */
  input(n: number): Float64Array {
    if (this.#input.length < n) this.#input = new Float64Array(n)
    return this.#input
  }

  /** The radix sort's second buffer, never the same memory as `input`. */
  spare(n: number): Float64Array {
    if (this.#spare.length < n) this.#spare = new Float64Array(n)
    return this.#spare
  }
}

/**
 * Sorts `values` ascending and returns the sorted values: `values` itself, or (to save a copy) a
 * prefix of `scratch`'s spare buffer of the same length, valid until the scratch is next used; the
 * contents of `values` are then unspecified. Every value must be finite (callers drop NaN and
 * ±Infinity first); -0 sorts just before 0.
 *
 * The values are ordered by their raw IEEE-754 bits as unsigned 64-bit keys. A least-significant-
 * digit radix sort orders the top 33 bits (sign, exponent, 21 mantissa bits) in three 11-bit passes,
 * skipping passes where every key has the same digit; small 2K-entry tables keep the scatter in cache,
 * where 16-bit digits thrash it. Keys sharing their top 33 bits are then adjacent and few for most
 * data (real-valued measurements): a pass finishes them by insertion sort, or for large groups
 * (timestamps within one day, say) by the native sort or a radix sort on the low 32 bits. Raw-bit
 * order puts the positives first, ascending, then the negatives by ascending magnitude; two reversals
 * restore numeric order. No bits are transformed, so every value moved is an ordinary finite double.
 */
export function sortFinite(values: Float64Array, scratch: SortScratch): Float64Array {
  const n = values.length
  if (n < RADIX_THRESHOLD || !LITTLE_ENDIAN) return values.sort()
  const spare = scratch.spare(n).subarray(0, n)
  const sorted = sortTopBits(values, spare, scratch.counts)
  finishGroups(sorted, sorted === values ? spare : values, scratch.counts)
  const positives = countPositives(sorted)
  // [P ascending | N descending] -> reverse all -> [N ascending | P descending] -> reverse the tail.
  sorted.reverse()
  sorted.subarray(n - positives).reverse()
  return sorted
}

/** Orders by key bits 31..63 in three stable passes (bits 31-41, 42-52, 53-63); returns the buffer holding the result. */
function sortTopBits(values: Float64Array, other: Float64Array, counts: Int32Array): Float64Array {
  const n = values.length
  counts.fill(0)
  const words = wordsOf(values)
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]!
    const hi = words[2 * i + 1]!
    counts[((lo >>> 31) | (hi << 1)) & MASK]!++
    counts[RADIX + ((hi >>> 10) & MASK)]!++
    counts[2 * RADIX + (hi >>> 21)]!++
  }
  let from = values
  let to = other
  if (toOffsets(counts, 0, n)) {
    scatterStraddle(from, to, counts)
    ;[from, to] = [to, from]
  }
  for (let pass = 1; pass < 3; pass++) {
    if (!toOffsets(counts, pass * RADIX, n)) continue
    scatter(from, to, counts, pass * RADIX, 10 + (pass - 1) * DIGIT_BITS, 1)
    ;[from, to] = [to, from]
  }
  return from
}

/** Sorts each run of keys with equal top 33 bits by the remaining low bits (low word, unsigned). */
function finishGroups(values: Float64Array, other: Float64Array, counts: Int32Array): void {
  const words = wordsOf(values)
  const n = values.length
  let start = 0
  let hi = words[1]!
  let top = words[0]! >>> 31
  for (let i = 1; i <= n; i++) {
    if (i < n) {
      const h = words[2 * i + 1]!
      const t = words[2 * i]! >>> 31
      if (h === hi && t === top) continue
      hi = h
      top = t
    }
    const size = i - start
    if (size > 1) {
      if (size <= INSERTION_MAX) insertionSortLow(values, words, start, i)
      else sortLargeGroup(values, other, counts, start, i)
    }
    start = i
  }
}

/** Insertion sort of values[start, end) by the unsigned low word; the high words are equal. */
function insertionSortLow(values: Float64Array, words: Uint32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const key = words[2 * i]!
    if (words[2 * i - 2]! <= key) continue
    const v = values[i]!
    let j = i - 1
    while (j >= start && words[2 * j]! > key) {
      values[j + 1] = values[j]!
      j--
    }
    values[j + 1] = v
  }
}

/** A group of one sign: numeric order is raw order for positives and its reverse for negatives. */
function sortLargeGroup(
  values: Float64Array,
  other: Float64Array,
  counts: Int32Array,
  start: number,
  end: number,
): void {
  const group = values.subarray(start, end)
  const words = wordsOf(group)
  const first = words[0]!
  let same = true
  for (let i = 1; i < group.length && same; i++) same = words[2 * i] === first
  if (same) return
  if (group.length > NATIVE_MAX) {
    const sorted = sortLowWord(group, other.subarray(start, end), counts)
    if (sorted !== group) group.set(sorted)
    return
  }
  group.sort()
  if (words[1]! & 0x80000000) group.reverse()
}

/** LSD radix sort of a group by its low word (bits 0-10, 11-21, 22-31); returns the buffer holding the result. */
function sortLowWord(values: Float64Array, other: Float64Array, counts: Int32Array): Float64Array {
  const n = values.length
  counts.fill(0)
  const words = wordsOf(values)
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]!
    counts[lo & MASK]!++
    counts[RADIX + ((lo >>> 11) & MASK)]!++
    counts[2 * RADIX + (lo >>> 22)]!++
  }
  let from = values
  let to = other
  for (let pass = 0; pass < 3; pass++) {
    if (!toOffsets(counts, pass * RADIX, n)) continue
    scatter(from, to, counts, pass * RADIX, pass * DIGIT_BITS, 0)
    ;[from, to] = [to, from]
  }
  return from
}

/** Turns one digit's counts into start offsets; false when every key has the same digit (nothing to do). */
function toOffsets(counts: Int32Array, base: number, n: number): boolean {
  let sum = 0
  for (let d = base; d < base + RADIX; d++) {
    const c = counts[d]!
    if (c === n) return false
    counts[d] = sum
    sum += c
  }
  return true
}

/** The pass on key bits 31-41: the top bit of the low word and the low ten of the high word. */
function scatterStraddle(from: Float64Array, to: Float64Array, counts: Int32Array): void {
  const words = wordsOf(from)
  const n = from.length
  for (let i = 0; i < n; i++) {
    const slot = ((words[2 * i]! >>> 31) | (words[2 * i + 1]! << 1)) & MASK
    to[counts[slot]!++] = from[i]!
  }
}

/**
 * One stable pass on the 11-bit digit at `shift` of each value's high (`word` 1) or low (`word` 0)
 * 32-bit half, little-endian.
 */
function scatter(
  from: Float64Array,
  to: Float64Array,
  counts: Int32Array,
  base: number,
  shift: number,
  word: 0 | 1,
): void {
  const words = wordsOf(from)
  const n = from.length
  for (let i = 0; i < n; i++) {
    const slot = base + ((words[2 * i + word]! >>> shift) & MASK)
    to[counts[slot]!++] = from[i]!
  }
}

function wordsOf(values: Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, 2 * values.length)
}

/** Sign bit clear comes first in raw-bit order, so the positives are a prefix: binary search its end. */
function countPositives(rawOrder: Float64Array): number {
  const words = wordsOf(rawOrder)
  let lo = 0
  let hi = rawOrder.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (words[2 * mid + 1]! & 0x80000000) hi = mid
    else lo = mid + 1
  }
  return lo
}
