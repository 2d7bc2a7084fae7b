import { type FeatureBins, FLOAT32_MAX } from './feature-bins.js'
import { BIN_STRIDE } from './histogram.js'
import { type LeafRegularisation, leafScore } from './leaf-math.js'

/** Categories ordered by gradient/hessian are smoothed by this much hessian (LightGBM's `cat_smooth`). */
const CAT_SMOOTH = 10
/** Most categories on the left of a sorted-partition split (LightGBM's `max_cat_threshold`). */
const MAX_CAT_THRESHOLD = 32

/** What bounds a split: LightGBM's constraints and regularisation. */
export interface SplitRules extends LeafRegularisation {
  readonly minDataInLeaf: number
  readonly minSumHessianInLeaf: number
  readonly minGainToSplit: number
  readonly maxCatToOnehot: number
}

/** A leaf's totals: gradient sum, hessian sum, row count. */
export interface LeafTotals {
  readonly g: number
  readonly h: number
  readonly count: number
}

/**
 * The best split of a leaf. `goesLeft[bin]` is 1 for the feature's bins that go left (the missing bin
 * included), so partitioning and out-of-bag traversal never look at thresholds.
 */
export interface SplitCandidate {
  readonly feature: number
  /** Loss reduction: children's scores minus the parent's. */
  readonly gain: number
  readonly goesLeft: Uint8Array
  readonly missingLeft: boolean
  /** Numeric splits: `x <= threshold` goes left. */
  readonly threshold: number
  /** Categorical splits: the codes going left, ascending. */
  readonly categories: readonly number[]
  /** The left side's sums; its count is estimated (see `SplitFinder`). */
  readonly left: LeafTotals
}

/**
 * Finds a leaf's best split over some features of its histogram. Row counts on each side are
 * estimated from hessians as LightGBM does (`count × h / H`, exact when every row's hessian is the
 * same); the learner checks the real counts when it partitions. Ties keep the earlier feature and the
 * lower threshold, so the result depends only on the histogram. Missing values are tried on both sides.
 * Categorical features with at most `maxCatToOnehot` non-empty categories try each category alone
 * against the rest; larger ones sort categories by gradient / (hessian + 10) and try the prefixes of up
 * to 32 categories from both ends (LightGBM's method, without its per-category minimum count and
 * extra categorical L2, so small data still splits).
 */
export class SplitFinder {
  readonly #rules: SplitRules
  readonly #features: readonly FeatureBins[]
  readonly #offsets: Int32Array
  // Scan state, reused across calls: the best split of the feature being scanned.
  #bestScore = 0
  #found = false
  #bestBin = 0
  #bestMissingLeft = false
  #bestG = 0
  #bestH = 0
  #bestCount = 0
  #leafHasMissing = false
  // Rows per unit of hessian in the leaf: turns a hessian sum into a row-count estimate.
  #countPerHessian = 0
  // Categorical scans: the categories' bins in scan order, the best left set, and the sort keys.
  readonly #order = new Int32Array(256)
  readonly #bestSet = new Int32Array(256)
  #bestSetSize = 0
  readonly #keys = new Float64Array(256)

  constructor(rules: SplitRules, features: readonly FeatureBins[], offsets: Int32Array) {
    this.#rules = rules
    this.#features = features
    this.#offsets = offsets
  }

  /** The best split of the leaf whose histogram starts at `base`, or null when none gains enough. */
  find(
    hist: Float64Array,
    base: number,
    totals: LeafTotals,
    features: Int32Array,
    featureCount: number,
  ): SplitCandidate | null {
    const parentScore = leafScore(totals.g, totals.h, this.#rules)
    this.#countPerHessian = totals.h > 0 ? totals.count / totals.h : 0
    let best: SplitCandidate | null = null
    this.#bestScore = parentScore + this.#rules.minGainToSplit
    for (let j = 0; j < featureCount; j++) {
      const f = features[j]!
      const bins = this.#features[f]!
      const at = base + this.#offsets[f]!
      this.#found = false
      this.#leafHasMissing = hist[at + BIN_STRIDE * bins.numBins + 1]! > 0
      if (bins.kind === 'numeric') this.#scanNumeric(hist, at, bins, totals)
      else this.#scanCategorical(hist, at, bins, totals)
      if (this.#found) best = this.#candidate(f, bins, this.#bestScore - parentScore, totals)
    }
    return best
  }

  #scanNumeric(hist: Float64Array, at: number, bins: NumericBins, totals: LeafTotals): void {
    const nb = bins.numBins
    const m = at + BIN_STRIDE * nb
    const gM = hist[m]!
    const hM = hist[m + 1]!
    // The last regular bin may end the left side only when its upper is finite: "present vs missing".
    const last = hM > 0 && bins.uppers[nb - 1]! <= FLOAT32_MAX ? nb - 1 : nb - 2
    let g = 0
    let h = 0
    for (let b = 0; b <= last; b++) {
      const k = at + BIN_STRIDE * b
      const hb = hist[k + 1]!
      // An empty bin ends the same split as the bin before it.
      if (hb === 0) continue
      g += hist[k]!
      h += hb
      if (this.#consider(g, h, totals, false)) this.#bestBin = b
      if (hM > 0 && this.#consider(g + gM, h + hM, totals, true)) this.#bestBin = b
    }
  }

  #scanCategorical(hist: Float64Array, at: number, bins: CategoricalBins, totals: LeafTotals): void {
    const m = at + BIN_STRIDE * bins.numBins
    const gM = hist[m]!
    const hM = hist[m + 1]!
    const order = this.#order
    let used = 0
    // The last regular bin ("other") never goes left.
    for (let b = 0; b + 1 < bins.numBins; b++) if (hist[at + BIN_STRIDE * b + 1]! > 0) order[used++] = b
    if (used <= this.#rules.maxCatToOnehot) {
      for (let i = 0; i < used; i++) {
        const k = at + BIN_STRIDE * order[i]!
        if (this.#considerBoth(hist[k]!, hist[k + 1]!, gM, hM, totals)) {
          this.#keepSet(order, i, 1)
        }
      }
      return
    }
    const keys = this.#keys
    for (let i = 0; i < used; i++) {
      const k = at + BIN_STRIDE * order[i]!
      keys[order[i]!] = hist[k]! / (hist[k + 1]! + CAT_SMOOTH)
    }
    order.subarray(0, used).sort((a, b) => keys[a]! - keys[b]! || a - b)
    const limit = Math.min(MAX_CAT_THRESHOLD, (used + 1) >> 1)
    for (const fromLow of [true, false]) {
      let g = 0
      let h = 0
      for (let n = 1; n <= limit; n++) {
        const k = at + BIN_STRIDE * order[fromLow ? n - 1 : used - n]!
        g += hist[k]!
        h += hist[k + 1]!
        if (this.#considerBoth(g, h, gM, hM, totals)) this.#keepSet(order, fromLow ? 0 : used - n, n)
      }
    }
  }

  #keepSet(order: Int32Array, from: number, size: number): void {
    this.#bestSet.set(order.subarray(from, from + size))
    this.#bestSetSize = size
  }

  // Both sides for missing values; true when either improved the best.
  #considerBoth(g: number, h: number, gM: number, hM: number, t: LeafTotals): boolean {
    const right = this.#consider(g, h, t, false)
    const left = hM > 0 && this.#consider(g + gM, h + hM, t, true)
    return right || left
  }

  #consider(g: number, h: number, t: LeafTotals, missingLeft: boolean): boolean {
    const rules = this.#rules
    const c = Math.round(h * this.#countPerHessian)
    if (c < rules.minDataInLeaf || t.count - c < rules.minDataInLeaf) return false
    if (h < rules.minSumHessianInLeaf || t.h - h < rules.minSumHessianInLeaf) return false
    const score = leafScore(g, h, rules) + leafScore(t.g - g, t.h - h, rules)
    if (!(score > this.#bestScore)) return false
    this.#bestScore = score
    this.#found = true
    this.#bestMissingLeft = missingLeft
    this.#bestG = g
    this.#bestH = h
    this.#bestCount = c
    return true
  }

  #candidate(feature: number, bins: FeatureBins, gain: number, totals: LeafTotals): SplitCandidate {
    const goesLeft = new Uint8Array(256)
    const left = { g: this.#bestG, h: this.#bestH, count: this.#bestCount }
    // Without missing rows in the leaf, missing values met later follow the larger side.
    const missingLeft = this.#leafHasMissing ? this.#bestMissingLeft : 2 * left.count >= totals.count
    goesLeft[bins.numBins] = missingLeft ? 1 : 0
    if (bins.kind === 'numeric') {
      goesLeft.fill(1, 0, this.#bestBin + 1)
      const threshold = bins.uppers[this.#bestBin]!
      return { feature, gain, goesLeft, missingLeft, threshold, categories: [], left }
    }
    const chosen = Array.from(this.#bestSet.subarray(0, this.#bestSetSize))
    for (const b of chosen) goesLeft[b] = 1
    const categories = chosen.map((b) => bins.codes[b]!).sort((a, b) => a - b)
    return { feature, gain, goesLeft, missingLeft, threshold: 0, categories, left }
  }
}

type NumericBins = FeatureBins & { readonly kind: 'numeric' }
type CategoricalBins = FeatureBins & { readonly kind: 'categorical' }
