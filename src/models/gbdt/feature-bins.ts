import { Random } from '../../shared/index.js'

/** The largest finite float32: the threshold that keeps every finite value left. */
export const FLOAT32_MAX = 3.4028234663852886e38

/** Categorical codes from here up share the "other" bin, which bounds the code lookup table. */
const MAX_CODE = 2 ** 24

/** Rows sampled per feature to place quantile bin boundaries (LightGBM's `bin_construct_sample_cnt`). */
const SAMPLE_ROWS = 200_000

/**
 * How one feature's values map to bins. Regular bins are `0..numBins-1`; `numBins` is the missing
 * (NaN) bin, so a feature uses at most 256 byte values.
 *
 * - numeric: value `x` falls in the first bin `b` with `x <= uppers[b]`; every upper is a float32 value,
 *   so "bin <= b" and "x <= uppers[b]" agree for float32 features, which is what makes a split's
 *   threshold exact in TypeScript and in onnxruntime. The last upper is `FLOAT32_MAX` when the feature
 *   has no +Infinity (so the "missing versus the rest" split has a threshold) and +Infinity otherwise.
 * - categorical: bin `b < numBins - 1` holds the code `codes[b]`; the last regular bin holds every other
 *   value (rare codes beyond the bin budget, codes >= 2^24, -1 for unseen, non-integers) and never goes
 *   left.
 */
export type FeatureBins =
  | { readonly kind: 'numeric'; readonly numBins: number; readonly uppers: Float64Array }
  | { readonly kind: 'categorical'; readonly numBins: number; readonly codes: Int32Array }

/**
 * Rows sampled (ascending) to place bin boundaries: all of them up to 200,000, else a uniform seeded
 * sample of 200,000 (Knuth's selection sampling: one pass, already in order).
 */
export function sampleRows(rows: number, seed: number): Int32Array {
  if (rows <= SAMPLE_ROWS) return Int32Array.from({ length: rows }, (_, i) => i)
  const rng = new Random(seed).fork('bins')
  const sample = new Int32Array(SAMPLE_ROWS)
  let taken = 0
  for (let r = 0; r < rows && taken < SAMPLE_ROWS; r++) {
    if ((rows - r) * rng.nextFloat() < SAMPLE_ROWS - taken) sample[taken++] = r
  }
  return sample
}

/**
 * How feature `f` of a row-major float32 matrix is binned: numeric features by quantiles of the
 * `sample` rows' values (one bin per distinct value when there are at most `maxBins`), categorical
 * ones by keeping their `maxBins - 1` most frequent codes over all rows. Depends only on its inputs,
 * so threads may bin disjoint features.
 */
export function featureBins(
  values: Float32Array,
  width: number,
  f: number,
  sample: Int32Array,
  maxBins: number,
  categorical: boolean,
): FeatureBins {
  if (categorical) return categoricalBins(values, width, f, maxBins)
  const column = new Float32Array(sample.length)
  let n = 0
  for (let i = 0; i < sample.length; i++) {
    const x = values[sample[i]! * width + f]!
    if (!Number.isNaN(x)) column[n++] = x
  }
  return numericBins(column.subarray(0, n), maxBins)
}

/** Quantile bins of the non-missing sample values `column` (sorted in place). */
export function numericBins(column: Float32Array, maxBins: number): FeatureBins {
  column.sort()
  const distinct: number[] = []
  const counts: number[] = []
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!
    if (distinct.length > 0 && distinct[distinct.length - 1] === x) counts[counts.length - 1]!++
    else {
      distinct.push(x)
      counts.push(1)
    }
  }
  const uppers: number[] = []
  let cumulative = 0
  let ended = 0
  for (let i = 0; i + 1 < distinct.length; i++) {
    cumulative += counts[i]!
    // Greedy equal-frequency bins: a bin ends once it reaches its share, so a heavy value gets its own
    // bin and at most `maxBins` bins exist (the last takes what remains).
    const due = distinct.length <= maxBins || cumulative >= ((ended + 1) * column.length) / maxBins
    if (!due || ended + 1 >= maxBins) continue
    const upper = separatingUpper(distinct[i]!, distinct[i + 1]!)
    if (upper === null) continue
    uppers.push(upper)
    ended++
  }
  uppers.push(FLOAT32_MAX)
  return { kind: 'numeric', numBins: uppers.length, uppers: Float64Array.from(uppers) }
}

/**
 * A finite float32 `t` with `a <= t < b` (a < b float32 values), as near the midpoint as float32
 * allows; null when only -Infinity separates them (an infinite threshold would not survive JSON).
 */
export function separatingUpper(a: number, b: number): number | null {
  const mid = Math.fround(a / 2 + b / 2)
  const t = mid >= a && mid < b ? mid : a
  if (t !== Number.NEGATIVE_INFINITY) return t
  return b > -FLOAT32_MAX ? -FLOAT32_MAX : null
}

function categoricalBins(values: Float32Array, width: number, f: number, maxBins: number): FeatureBins {
  const frequency = new Map<number, number>()
  for (let at = f; at < values.length; at += width) {
    const x = values[at]!
    if (Number.isInteger(x) && x >= 0 && x < MAX_CODE) frequency.set(x, (frequency.get(x) ?? 0) + 1)
  }
  const kept = [...frequency.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, maxBins - 1)
    .map(([code]) => code)
    .sort((a, b) => a - b)
  return { kind: 'categorical', numBins: kept.length + 1, codes: Int32Array.from(kept) }
}

/** Rows binned per block: a block of the float matrix stays in cache while each feature is binned. */
const FILL_BLOCK = 2048

/**
 * Bytes per row of the row-major bin matrix: whole 32-bit words, so histograms read four bins at once,
 * and up to 64 bytes a power of two, so that no row straddles two cache lines (a leaf's rows are read
 * scattered, one cache miss each; 28 features padded to 32 bytes build deep histograms ~4% faster).
 */
export function binRowStride(width: number): number {
  const bytes = 4 * Math.ceil(width / 4)
  return bytes <= CACHE_LINE ? 2 ** Math.ceil(Math.log2(bytes)) : bytes
}

const CACHE_LINE = 64

/**
 * Writes the bins of rows `[begin, end)` of `rows` into the column-major `columns`
 * (`columns[f * rows + row]`) and the row-major `bins` (`bins[row * binRowStride(width) + f]`), and sets
 * `positiveInfinity[f]` for numeric features holding +Infinity. Rows are independent, so threads may
 * fill disjoint ranges.
 */
export function fillBins(
  values: Float32Array,
  rows: number,
  width: number,
  features: readonly FeatureBins[],
  begin: number,
  end: number,
  bins: Uint8Array,
  columns: Uint8Array,
  positiveInfinity: Uint8Array,
): void {
  const lookups = features.map(codeLookup)
  const stride = binRowStride(width)
  for (let start = begin; start < end; start += FILL_BLOCK) {
    const stop = Math.min(end, start + FILL_BLOCK)
    features.forEach((feature, f) => {
      const column = columns.subarray(f * rows, (f + 1) * rows)
      if (feature.kind === 'categorical')
        fillCategorical(values, width, f, start, stop, column, lookups[f]!, feature)
      else if (fillNumeric(values, width, f, start, stop, column, feature)) positiveInfinity[f] = 1
      for (let r = start; r < stop; r++) bins[r * stride + f] = column[r]!
    })
  }
}

// Bins one numeric column over rows [start, stop); true when it met +Infinity.
function fillNumeric(
  values: Float32Array,
  width: number,
  f: number,
  start: number,
  stop: number,
  column: Uint8Array,
  feature: FeatureBins & { readonly kind: 'numeric' },
): boolean {
  const { uppers, numBins } = feature
  let infinite = false
  for (let r = start; r < stop; r++) {
    const x = values[r * width + f]!
    if (Number.isNaN(x)) column[r] = numBins
    else {
      column[r] = numericBin(uppers, numBins - 1, x)
      if (x === Number.POSITIVE_INFINITY) infinite = true
    }
  }
  return infinite
}

function fillCategorical(
  values: Float32Array,
  width: number,
  f: number,
  start: number,
  stop: number,
  column: Uint8Array,
  lookup: Uint8Array,
  feature: FeatureBins,
): void {
  const other = feature.numBins - 1
  for (let r = start; r < stop; r++) {
    const x = values[r * width + f]!
    if (Number.isNaN(x)) column[r] = feature.numBins
    else column[r] = x >= 0 && x < lookup.length && Number.isInteger(x) ? lookup[x]! : other
  }
}

/** Marks the last bin of numeric features holding +Infinity as unbounded (see `FeatureBins`). */
export function finishBins(features: readonly FeatureBins[], positiveInfinity: Uint8Array): void {
  features.forEach((feature, f) => {
    if (feature.kind === 'numeric' && positiveInfinity[f] === 1) {
      feature.uppers[feature.numBins - 1] = Number.POSITIVE_INFINITY
    }
  })
}

// The smallest b < last with x <= uppers[b], else last. Branch-free (the bit mask instead of a
// condition): on random values a branchy binary search mispredicts at every step, ~2x slower.
function numericBin(uppers: Float64Array, last: number, x: number): number {
  let base = 0
  let length = last + 1
  while (length > 1) {
    const half = length >>> 1
    base += half & -(uppers[base + half - 1]! < x)
    length -= half
  }
  return base
}

// Categorical code -> bin, the "other" bin for codes not kept; empty for numeric features.
function codeLookup(feature: FeatureBins): Uint8Array {
  if (feature.kind === 'numeric') return new Uint8Array(0)
  const codes = feature.codes
  const size = codes.length === 0 ? 0 : codes[codes.length - 1]! + 1
  const lookup = new Uint8Array(size).fill(feature.numBins - 1)
  codes.forEach((code, b) => {
    lookup[code] = b
  })
  return lookup
}
