import { invalidValue, Random } from '../../shared/index.js'
import { categoricalReference } from './categorical-reference.js'
import type { DriftColumn } from './drift-columns.js'
import { numericReference } from './numeric-reference.js'

/**
 * What drift compares live data with: built once from the training data (and the model's
 * predictions on it) at training time and stored as JSON with the model. Plain JSON: no typed
 * arrays, no non-finite numbers. `version` changes when a field changes meaning.
 */
export interface ReferenceProfile {
  readonly version: 1
  /** Rows of the training data. */
  readonly rows: number
  /** The options it was built with (defaults filled in), so that a rebuild reproduces it. */
  readonly options: Required<ReferenceProfileOptions>
  readonly features: readonly FeatureReference[]
  /** The model's output on the same rows (probability of the positive class, value or label); null when not given. */
  readonly prediction: FeatureReference | null
}

/** One column's reference; `kind` says which. */
export type FeatureReference = NumericReference | CategoricalReference

/** What every column's reference has. */
interface ReferenceBase {
  readonly name: string
  readonly rows: number
  /** Missing rows (NaN; null, '' or code −1) and their share of `rows`. */
  readonly missing: number
  readonly missingRate: number
  /** Distinct present values (finite ones for numbers). */
  readonly distinct: number
}

/**
 * Numbers, binned on reference quantiles. Bins are separated by `cuts` with open outer edges: bin 0
 * is (−∞, cuts[0]), bin k [cuts[k−1], cuts[k]), the last [cuts[last], +∞]. The cuts are the deciles
 * (order statistics at k/10 of the sorted finite values, so each is a value the reference holds),
 * without repeats and without the minimum, so that no bin is empty in the reference: fewer than 10
 * bins when values repeat. A column of at most 10 distinct values gets one bin per value.
 */
export interface NumericReference extends ReferenceBase {
  readonly kind: 'numeric'
  readonly cuts: readonly number[]
  /** Share of the present values (±Infinity included) in each bin; `cuts.length + 1` of them. */
  readonly proportions: readonly number[]
  /** Of the finite values; null when there is none. `std` is the population one (ddof 0), as Evidently norms by. */
  readonly mean: number | null
  readonly std: number | null
  /** A seeded uniform sample (without replacement) of the finite values, sorted: every one when few. */
  readonly sample: readonly number[]
}

/** Categories: the most frequent (count descending, then value ascending) and the rest as "other". */
export interface CategoricalReference extends ReferenceBase {
  readonly kind: 'categorical'
  readonly categories: readonly string[]
  /** Share of the present values of each category, then of all the others together: `categories.length + 1`. */
  readonly proportions: readonly number[]
}

/** How a reference profile is built. */
export interface ReferenceProfileOptions {
  /** Numeric bins (quantiles). Default 10 (deciles). */
  readonly bins?: number
  /** Largest sample of a numeric column kept for KS and Wasserstein. Default 10,000. */
  readonly sampleSize?: number
  /** Categories kept per categorical column; the rest are "other". Default 100. */
  readonly maxCategories?: number
  /** Seed of the samples; each column draws from its own fork. Default 0. */
  readonly seed?: number
}

/** The defaults of `ReferenceProfileOptions`. */
export const REFERENCE_PROFILE_DEFAULTS: Required<ReferenceProfileOptions> = {
  bins: 10,
  sampleSize: 10_000,
  maxCategories: 100,
  seed: 0,
}

/** The columns a reference profile is built from: the model's input features and, optionally, its prediction. */
export interface ReferenceColumns {
  readonly features: readonly DriftColumn[]
  readonly prediction?: DriftColumn
}

/**
 * Builds the reference profile of training columns. Every column must have the same number of rows
 * and a distinct name. Sorts each numeric column's finite values once (about 90 ms per million), so
 * it belongs at training time, not in a request. Throws `INVALID_PARAMETER_VALUE` on bad options,
 * a repeated name or unequal lengths.
 *
 * @example
 * const reference = buildReferenceProfile({
 *   features: driftColumnsOf(trainingData, featureNames),
 *   prediction: { name: 'probability', kind: 'numeric', values: trainingProbabilities },
 * })
 */
export function buildReferenceProfile(
  columns: ReferenceColumns,
  options: ReferenceProfileOptions = {},
): ReferenceProfile {
  const settings = checkOptions(options)
  const all = columns.prediction ? [...columns.features, columns.prediction] : columns.features
  const rows = checkColumns(all)
  const rng = new Random(settings.seed)
  const build = (column: DriftColumn): FeatureReference =>
    column.kind === 'numeric'
      ? numericReference(column.name, column.values, settings, rng.fork(column.name))
      : categoricalReference(column.name, column.values, settings.maxCategories)
  return {
    version: 1,
    rows,
    options: settings,
    features: columns.features.map(build),
    prediction: columns.prediction ? build(columns.prediction) : null,
  }
}

function checkOptions(options: ReferenceProfileOptions): Required<ReferenceProfileOptions> {
  const settings = { ...REFERENCE_PROFILE_DEFAULTS, ...options }
  const atLeast = (field: keyof ReferenceProfileOptions, min: number) => {
    const value = settings[field]
    if (!Number.isInteger(value) || value < min)
      throw invalidValue(field, `must be an integer >= ${min}, got ${String(value)}`)
  }
  atLeast('bins', 2)
  atLeast('sampleSize', 1)
  atLeast('maxCategories', 1)
  if (!Number.isSafeInteger(settings.seed))
    throw invalidValue('seed', `must be a safe integer, got ${String(settings.seed)}`)
  return settings
}

/** The common row count; throws on a repeated name or a column of another length. */
function checkColumns(columns: readonly DriftColumn[]): number {
  const seen = new Set<string>()
  const rows = columns.length === 0 ? 0 : lengthOf(columns[0]!)
  for (const column of columns) {
    if (seen.has(column.name)) throw invalidValue('columns', `'${column.name}' appears twice`)
    seen.add(column.name)
    if (lengthOf(column) !== rows) {
      throw invalidValue(column.name, `has ${lengthOf(column)} rows; '${columns[0]!.name}' has ${rows}`)
    }
  }
  return rows
}

function lengthOf(column: DriftColumn): number {
  const values = column.values
  return 'codes' in values ? values.codes.length : values.length
}
