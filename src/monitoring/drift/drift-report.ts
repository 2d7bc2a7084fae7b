import { closestMatch, invalidValue, Random } from '../../shared/index.js'
import { type ColumnValues, checkValuesFor } from './drift-columns.js'
import { liveSample, referenceSample } from './drift-samples.js'
import { type FeatureDrift, type FeatureDriftOptions, featureDrift } from './feature-drift.js'
import type { FeatureReference, ReferenceProfile } from './reference-profile.js'
import { sampleIndices } from './sample-indices.js'

/** How a drift report tests the features. */
export interface DriftOptions {
  /** Per feature, by name; merged over `defaults`. A name the reference does not have is refused. */
  readonly features?: Readonly<Record<string, FeatureDriftOptions>>
  /** For the prediction; merged over `defaults`. */
  readonly prediction?: FeatureDriftOptions
  /** For every feature and the prediction. Default: automatic method and thresholds. */
  readonly defaults?: FeatureDriftOptions
  /** The dataset drifts when at least this share of its features drift. Default 0.5, as Evidently. */
  readonly driftShare?: number
  /** Live rows sampled (per window) for KS and Wasserstein. Default 10,000. */
  readonly sampleSize?: number
  /** Seed of that sample. Default 0, so that a report on the same data is the same report. */
  readonly seed?: number
}

/** The default share of drifted features at which the dataset drifts. */
export const DRIFT_SHARE = 0.5

/**
 * A live window compared with the reference. Plain JSON (non-finite numbers are null), for the API,
 * the dashboard and alerts; `version` changes when a field changes meaning.
 */
export interface DriftReport {
  readonly version: 1
  /** Whether the dataset drifts: `share >= driftShare` (false without features). */
  readonly drifted: boolean
  readonly driftedFeatures: number
  /** Drifted features over all features (the prediction not counted). */
  readonly share: number
  readonly driftShare: number
  /** In the reference's order. */
  readonly features: readonly FeatureDrift[]
  /** Null when the reference has no prediction. */
  readonly prediction: FeatureDrift | null
}

/**
 * Compares live columns (by the reference's names: every feature and the prediction, if the
 * reference has one) with the reference profile.
 *
 * Per feature: one pass counting the values on the reference bins (a binary search over at most a
 * dozen edges), then the chosen test and PSI on the bin counts; KS and Wasserstein compare the
 * reference's sorted sample with a seeded sample of at most `sampleSize` live rows (the same rows
 * for every column of a window), sorted: sorting a sample, not a million-row column, keeps the work
 * to one pass per feature, and at 10,000 values a normed Wasserstein distance varies by about 0.01
 * by chance, a tenth of its threshold. Nothing is allocated per row.
 *
 * Throws `INVALID_PARAMETER_VALUE` when a column is missing, a numeric feature's values are not
 * numbers, options name an unknown feature or method, or a threshold is not a positive number.
 *
 * @example
 * const { columns } = await store.columns(query, names)
 * const report = driftReport(reference, columns, { features: { age: { method: 'psi' } } })
 */
export function driftReport(
  reference: ReferenceProfile,
  live: ReadonlyMap<string, ColumnValues>,
  options: DriftOptions = {},
): DriftReport {
  if (reference.version !== 1)
    throw invalidValue('reference.version', `must be 1, got ${String(reference.version)}`)
  const driftShare = options.driftShare ?? DRIFT_SHARE
  if (!(driftShare > 0 && driftShare <= 1))
    throw invalidValue('driftShare', `must be in (0, 1], got ${String(driftShare)}`)
  checkFeatureOptions(reference, options)
  const sampleRows = rowSampler(options)
  const compare = (feature: FeatureReference, own: FeatureDriftOptions | undefined): FeatureDrift => {
    const values = live.get(feature.name)
    if (values === undefined) {
      throw invalidValue('live', `has no column '${feature.name}'; it has ${[...live.keys()].join(', ')}`)
    }
    checkValuesFor(feature.kind, feature.name, values)
    const rows = 'codes' in values ? values.codes.length : values.length
    const sample = liveSample(feature, values, feature.kind === 'numeric' ? sampleRows(rows) : null)
    return featureDrift(feature, referenceSample(feature), sample, { ...options.defaults, ...own })
  }
  const features = reference.features.map((f) => compare(f, options.features?.[f.name]))
  const drifted = features.filter((f) => f.status === 'drift').length
  const share = features.length > 0 ? drifted / features.length : 0
  return {
    version: 1,
    drifted: features.length > 0 && share >= driftShare,
    driftedFeatures: drifted,
    share,
    driftShare,
    features,
    prediction: reference.prediction ? compare(reference.prediction, options.prediction) : null,
  }
}

/** The sampled rows of a window of `rows` rows (null: every row), drawn once per distinct length. */
function rowSampler(options: DriftOptions): (rows: number) => Int32Array | null {
  const size = options.sampleSize ?? 10_000
  if (!(Number.isInteger(size) && size >= 1))
    throw invalidValue('sampleSize', `must be an integer >= 1, got ${String(size)}`)
  const rng = new Random(options.seed ?? 0)
  const drawn = new Map<number, Int32Array>()
  return (rows) => {
    if (rows <= size) return null
    let indices = drawn.get(rows)
    if (indices === undefined) {
      indices = sampleIndices(rows, size, rng.fork(`rows-${rows}`))
      drawn.set(rows, indices)
    }
    return indices
  }
}

function checkFeatureOptions(reference: ReferenceProfile, options: DriftOptions): void {
  const names = reference.features.map((f) => f.name)
  for (const name of Object.keys(options.features ?? {})) {
    if (names.includes(name)) continue
    const near = closestMatch(name, names)
    throw invalidValue(
      `features.${name}`,
      `the reference has no feature '${name}'${near ? `; did you mean '${near}'?` : ''}`,
    )
  }
}
