/**
 * The drift-test strategy: one statistical test or distance per file in `tests/`, each comparing a
 * feature's live distribution with its reference on the reference's bins (and, for numbers, sorted
 * samples). Tests are pure and allocate nothing per row: the binning pass has already run.
 */

/** What a feature holds: numbers (binned on reference quantiles) or categories (binned by value). */
export type FeatureKind = 'numeric' | 'categorical'

/** Every drift test, by the name a feature's configuration selects it with. */
export const DRIFT_METHODS = [
  'psi',
  'ks',
  'chisquare',
  'ztest',
  'wasserstein',
  'jensenshannon',
  'unseen',
] as const
export type DriftMethod = (typeof DRIFT_METHODS)[number]

/**
 * One side of a comparison: a feature's present (non-missing) values on the reference's bins.
 * Numeric bins are the reference profile's (`cuts` with open outer edges), categorical bins its
 * categories then "other". The reference side is rebuilt from the stored profile, so its `counts`
 * are proportions × `count` and need not be integers.
 */
export interface DriftSample {
  /** Present values (NaN, null and '' are missing; ±Infinity are present numbers). */
  readonly count: number
  /** Present values per bin; they add up to `count`. */
  readonly counts: Float64Array
  /** Numeric: a sorted sample of the finite present values (all of them when few); empty for categories. */
  readonly sorted: Float64Array
  /** Numeric: mean and population standard deviation of the finite values; NaN for categories or none. */
  readonly mean: number
  readonly std: number
  /** Categorical, live side: present values the reference never saw (they are also in the "other" bin). */
  readonly unseen: number
}

/** A test's verdict on one feature. `threshold` is the one applied (the configured or the default). */
export interface DriftTestResult {
  readonly statistic: number
  /** For tests that have one (KS, chi-square, Z); drift is then `pValue < threshold`. */
  readonly pValue: number | null
  readonly drifted: boolean
  readonly threshold: number
}

/**
 * A drift test. `run` gets the reference and live samples of one feature of a kind in `kinds`, both
 * with at least one present value, and the threshold to apply: a p-value test drifts when p is below
 * it, a distance when the statistic reaches it (`>=`, as Evidently).
 *
 * @example see `tests/psi.ts`, a complete test in a dozen lines.
 */
export interface DriftTest {
  readonly method: DriftMethod
  /** How reports name it: `Wasserstein distance (normed)`. */
  readonly label: string
  readonly kinds: readonly FeatureKind[]
  readonly defaultThreshold: number
  run(reference: DriftSample, live: DriftSample, threshold: number): DriftTestResult
}

/** The result of a distance: drift when it reaches `threshold`. */
export function byDistance(statistic: number, threshold: number): DriftTestResult {
  return { statistic, pValue: null, drifted: statistic >= threshold, threshold }
}

/** The result of a test with a p-value: drift when p is below `threshold`. */
export function byPValue(statistic: number, pValue: number, threshold: number): DriftTestResult {
  return { statistic, pValue, drifted: pValue < threshold, threshold }
}

/** The sample's bin shares (of present values); all 0 when there is none. */
export function proportionsOf(sample: DriftSample): Float64Array {
  const shares = new Float64Array(sample.counts.length)
  if (sample.count > 0) for (let k = 0; k < shares.length; k++) shares[k] = sample.counts[k]! / sample.count
  return shares
}
