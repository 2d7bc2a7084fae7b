import type { ColumnType } from '../column.js'

/**
 * A dataset's statistical profile: the reference that drift monitoring compares production data
 * with. Plain JSON (no typed arrays, no non-finite numbers), stored with runs and model versions;
 * `version` changes when a field changes meaning. All counts are exact.
 */
export interface DatasetProfile {
  readonly version: 1
  readonly rowCount: number
  /** `fingerprintDataset(dataset)` (sha256 over the canonical data); null when the caller opted out. */
  readonly fingerprint: string | null
  /** One per column, in dataset order. */
  readonly columns: readonly ColumnProfile[]
}

/** A column's profile; `type` says which. */
export type ColumnProfile =
  | NumericProfile
  | CategoricalProfile
  | BooleanProfile
  | DatetimeProfile
  | TextProfile

/** What every column profile has. */
export interface ProfileBase<T extends ColumnType> {
  readonly name: string
  readonly type: T
  /** Rows, missing included. */
  readonly count: number
  /** Missing rows (NaN, code -1, null). */
  readonly missing: number
  /** Distinct present values, exact (numbers compare by value: 0 and -0 are one value; ±Infinity count). */
  readonly distinct: number
}

/** Quantiles by linear interpolation between order statistics (numpy's default, as pandas `describe`). */
export interface Quantiles {
  readonly p1: number
  readonly p5: number
  readonly p25: number
  readonly p50: number
  readonly p75: number
  readonly p95: number
  readonly p99: number
}

/**
 * Counts on fixed bin edges. Bin k holds `edges[k] <= v < edges[k+1]`, the last bin also
 * `v == edges[last]`; below the first edge (and -Infinity) is `underflow`, above the last (and
 * +Infinity) `overflow`, NaN `missing`. Stored so that production data can be counted on the same
 * edges (`histogramOn(profile.histogram.edges, values)`) and compared bin by bin.
 */
export interface Histogram {
  /** Finite and non-decreasing; `counts.length + 1` of them. */
  readonly edges: readonly number[]
  readonly counts: readonly number[]
  readonly underflow: number
  readonly overflow: number
  readonly missing: number
}

/**
 * Numbers. Moments, extremes and quantiles are over the finite values (infinities are counted apart,
 * in `infinite`); they are null when there is no finite value (`std` when fewer than two).
 */
export interface NumericProfile extends ProfileBase<'numeric'> {
  readonly infinite: { readonly positive: number; readonly negative: number }
  readonly mean: number | null
  /** Sample standard deviation (n - 1), as pandas. */
  readonly std: number | null
  readonly min: number | null
  readonly max: number | null
  readonly quantiles: Quantiles | null
  /**
   * Equal-width bins between p1 and p99 (between min and max when p1 = p99; one bin [v, v] for a
   * constant column), so the tails fall into underflow/overflow and one outlier cannot squash the
   * chart. Null when there is no finite value.
   */
  readonly histogram: Histogram | null
}

/**
 * Points in time, epoch milliseconds (UTC). Same rules as numeric, without mean and std; ±Infinity
 * (which no loader produces) only shows in `distinct` and the histogram's tails.
 */
export interface DatetimeProfile extends ProfileBase<'datetime'> {
  readonly min: number | null
  readonly max: number | null
  readonly quantiles: Quantiles | null
  readonly histogram: Histogram | null
}

/** One frequent value. */
export interface TopValue {
  readonly value: string
  readonly count: number
  /** `count / rows` (missing rows included, so top, other and missing add up to 1). */
  readonly frequency: number
}

/** The present values outside the top ones, together. */
export interface OtherValues {
  readonly count: number
  readonly frequency: number
  readonly distinct: number
}

/** Dictionary-encoded strings: the most frequent values (count descending, then value ascending) and the rest. */
export interface CategoricalProfile extends ProfileBase<'categorical'> {
  readonly top: readonly TopValue[]
  readonly other: OtherValues
}

/** Free text: frequent values as for categories, and string lengths (UTF-16 code units). */
export interface TextProfile extends ProfileBase<'text'> {
  readonly top: readonly TopValue[]
  readonly other: OtherValues
  /** Null when every value is missing. */
  readonly length: { readonly min: number; readonly mean: number; readonly max: number } | null
}

/** Booleans: how many of each. */
export interface BooleanProfile extends ProfileBase<'boolean'> {
  readonly trueCount: number
  readonly falseCount: number
}
