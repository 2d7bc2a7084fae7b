/**
 * Gradient histograms: per feature and bin, the sums of gradient and hessian, two doubles per bin
 * (`hist[base + offsets[f] + 2 * bin]` and `+ 1`; `offsets` count doubles). There is no row count per
 * bin: as in LightGBM, split finding estimates counts from hessians, which halves the memory traffic of
 * the hottest loop of training. The same functions run on the main thread and on workers, each over its
 * own slice of the features, so a histogram does not depend on how many threads built it.
 */

/** Doubles per histogram bin: gradient sum, hessian sum. */
export const BIN_STRIDE = 2

/** Where a histogram job reads and writes: the bin matrix, row order, gradients and histogram slots. */
export interface HistogramData {
  /** Row-major bins, `stride` bytes per row (a whole number of 32-bit words). */
  readonly bins: Uint8Array
  /** The same bytes as 32-bit words: four features' bins per read. */
  readonly words: Uint32Array
  readonly stride: number
  readonly order: Int32Array
  /** Gradient and hessian interleaved per row. */
  readonly gh: Float32Array
  readonly hist: Float64Array
  readonly offsets: Int32Array
  readonly features: Int32Array
}

/**
 * Fills the histogram at `base` with rows `order[begin..end)` (gradients from `ghOffset`, row r at
 * `ghOffset + 2r`) for features `4w..4w+3` of words `w` in `[wordBegin, wordEnd)` and for the listed
 * features `features[featureBegin..featureEnd)`, zeroing their bins first. Every bin sums its rows in
 * row order, so the result is the same bit for bit however features are shared out between threads.
 */
export function buildHistogram(
  data: HistogramData,
  begin: number,
  end: number,
  ghOffset: number,
  base: number,
  wordBegin: number,
  wordEnd: number,
  featureBegin: number,
  featureEnd: number,
): void {
  const { hist, offsets, features } = data
  if (wordEnd > wordBegin) hist.fill(0, base + offsets[4 * wordBegin]!, base + offsets[4 * wordEnd]!)
  for (let j = featureBegin; j < featureEnd; j++) {
    const f = features[j]!
    hist.fill(0, base + offsets[f]!, base + offsets[f + 1]!)
  }
  if (wordEnd > wordBegin) addWords(data, begin, end, ghOffset, base, wordBegin, wordEnd)
  if (featureEnd > featureBegin) addFeatures(data, begin, end, ghOffset, base, featureBegin, featureEnd)
}

// Whole words of four features: one read per four bins, two rows per pass (~25% faster than bytes).
function addWords(
  data: HistogramData,
  begin: number,
  end: number,
  ghOffset: number,
  base: number,
  wordBegin: number,
  wordEnd: number,
): void {
  const { words, order, gh, hist, offsets } = data
  const rowWords = data.stride >>> 2
  let i = begin
  for (; i + 2 <= end; i += 2) {
    const ra = order[i]!
    const rb = order[i + 1]!
    const ga = gh[ghOffset + 2 * ra]!
    const ha = gh[ghOffset + 2 * ra + 1]!
    const gb = gh[ghOffset + 2 * rb]!
    const hb = gh[ghOffset + 2 * rb + 1]!
    const oa = ra * rowWords
    const ob = rb * rowWords
    for (let w = wordBegin; w < wordEnd; w++) {
      const va = words[oa + w]!
      const vb = words[ob + w]!
      const f = 4 * w
      const a0 = base + offsets[f]!
      const a1 = base + offsets[f + 1]!
      const a2 = base + offsets[f + 2]!
      const a3 = base + offsets[f + 3]!
      let k = a0 + 2 * (va & 255)
      hist[k]! += ga
      hist[k + 1]! += ha
      k = a0 + 2 * (vb & 255)
      hist[k]! += gb
      hist[k + 1]! += hb
      k = a1 + 2 * ((va >>> 8) & 255)
      hist[k]! += ga
      hist[k + 1]! += ha
      k = a1 + 2 * ((vb >>> 8) & 255)
      hist[k]! += gb
      hist[k + 1]! += hb
      k = a2 + 2 * ((va >>> 16) & 255)
      hist[k]! += ga
      hist[k + 1]! += ha
      k = a2 + 2 * ((vb >>> 16) & 255)
      hist[k]! += gb
      hist[k + 1]! += hb
      k = a3 + 2 * (va >>> 24)
      hist[k]! += ga
      hist[k + 1]! += ha
      k = a3 + 2 * (vb >>> 24)
      hist[k]! += gb
      hist[k + 1]! += hb
    }
  }
  if (i < end) addRow(data, order[i]!, ghOffset, base, 4 * wordBegin, 4 * wordEnd, null)
}

// Listed features, four rows per pass: their read-modify-writes are independent and overlap.
function addFeatures(
  data: HistogramData,
  begin: number,
  end: number,
  ghOffset: number,
  base: number,
  featureBegin: number,
  featureEnd: number,
): void {
  const { bins, stride, order, gh, hist, offsets, features } = data
  let i = begin
  for (; i + 4 <= end; i += 4) {
    const ra = order[i]!
    const rb = order[i + 1]!
    const rc = order[i + 2]!
    const rd = order[i + 3]!
    const ga = gh[ghOffset + 2 * ra]!
    const ha = gh[ghOffset + 2 * ra + 1]!
    const gb = gh[ghOffset + 2 * rb]!
    const hb = gh[ghOffset + 2 * rb + 1]!
    const gc = gh[ghOffset + 2 * rc]!
    const hc = gh[ghOffset + 2 * rc + 1]!
    const gd = gh[ghOffset + 2 * rd]!
    const hd = gh[ghOffset + 2 * rd + 1]!
    const oa = ra * stride
    const ob = rb * stride
    const oc = rc * stride
    const od = rd * stride
    for (let j = featureBegin; j < featureEnd; j++) {
      const f = features[j]!
      const at = base + offsets[f]!
      const ka = at + 2 * bins[oa + f]!
      const kb = at + 2 * bins[ob + f]!
      const kc = at + 2 * bins[oc + f]!
      const kd = at + 2 * bins[od + f]!
      hist[ka]! += ga
      hist[ka + 1]! += ha
      hist[kb]! += gb
      hist[kb + 1]! += hb
      hist[kc]! += gc
      hist[kc + 1]! += hc
      hist[kd]! += gd
      hist[kd + 1]! += hd
    }
  }
  for (; i < end; i++) addRow(data, order[i]!, ghOffset, base, featureBegin, featureEnd, features)
}

// One row into features [from, to): of the list when given, else the features themselves.
function addRow(
  data: HistogramData,
  row: number,
  ghOffset: number,
  base: number,
  from: number,
  to: number,
  list: Int32Array | null,
): void {
  const { bins, stride, gh, hist, offsets } = data
  const g = gh[ghOffset + 2 * row]!
  const h = gh[ghOffset + 2 * row + 1]!
  for (let j = from; j < to; j++) {
    const f = list === null ? j : list[j]!
    const k = base + offsets[f]! + 2 * bins[row * stride + f]!
    hist[k]! += g
    hist[k + 1]! += h
  }
}

/**
 * `hist[into..] += sign × hist[other..]` over the given features' bins. With sign -1: the larger
 * child's histogram from its parent's (at `into`, overwritten) and its smaller sibling's; with sign 1:
 * a partial histogram of a row range added into the whole.
 */
export function combineHistograms(
  hist: Float64Array,
  into: number,
  other: number,
  sign: 1 | -1,
  offsets: Int32Array,
  features: Int32Array,
  featureBegin: number,
  featureEnd: number,
): void {
  for (let j = featureBegin; j < featureEnd; j++) {
    const f = features[j]!
    for (let k = offsets[f]!, stop = offsets[f + 1]!; k < stop; k++)
      hist[into + k]! += sign * hist[other + k]!
  }
}
