import type { NumericArray } from '../../data/index.js'
import { countCategories } from './category-counts.js'
import type { CategoricalValues, ColumnValues } from './drift-columns.js'
import type { DriftSample } from './drift-test.js'
import { binNumbers } from './numeric-bins.js'
import type { CategoricalReference, FeatureReference, NumericReference } from './reference-profile.js'

/** A live sample and the rows it came from. */
export interface LiveSample extends DriftSample {
  readonly rows: number
  readonly missing: number
}

const EMPTY = new Float64Array(0)

/** The reference side of a comparison, rebuilt from the stored profile. */
export function referenceSample(reference: FeatureReference): DriftSample {
  const count = reference.rows - reference.missing
  const counts = Float64Array.from(reference.proportions, (p) => p * count)
  if (reference.kind === 'categorical') {
    return { count, counts, sorted: EMPTY, mean: Number.NaN, std: Number.NaN, unseen: 0 }
  }
  return {
    count,
    counts,
    sorted: Float64Array.from(reference.sample),
    mean: reference.mean ?? Number.NaN,
    std: reference.std ?? Number.NaN,
    unseen: 0,
  }
}

/**
 * The live side of a comparison: `values` counted on the reference's bins in one pass, and for
 * numbers the finite values at `sampleRows` (ascending row indices, shared by every column of a
 * window), sorted, for KS and Wasserstein. Numeric features need numeric values (the caller checks).
 */
export function liveSample(
  reference: FeatureReference,
  values: ColumnValues,
  sampleRows: Int32Array | null,
): LiveSample {
  return reference.kind === 'numeric'
    ? liveNumbers(reference, values as NumericArray, sampleRows)
    : liveCategories(reference, values as CategoricalValues)
}

/**
 * `sampleRows` null means every row. Sorting a sample of at most ~10,000 values, not the column,
 * keeps a million-row window to one pass per feature.
 */
function liveNumbers(
  reference: NumericReference,
  values: NumericArray,
  sampleRows: Int32Array | null,
): LiveSample {
  const binned = binNumbers(values, reference.cuts, reference.mean ?? 0)
  const n = sampleRows === null ? values.length : sampleRows.length
  const picked = new Float64Array(n)
  let m = 0
  for (let j = 0; j < n; j++) {
    const v = values[sampleRows === null ? j : sampleRows[j]!]!
    if (Number.isFinite(v)) picked[m++] = v
  }
  return {
    rows: values.length,
    missing: binned.missing,
    count: values.length - binned.missing,
    counts: binned.counts,
    sorted: picked.subarray(0, m).sort(),
    mean: binned.mean,
    std: binned.std,
    unseen: 0,
  }
}

/** Counts the live categories, then maps each distinct value (not each row) to its reference bin. */
function liveCategories(reference: CategoricalReference, values: CategoricalValues): LiveSample {
  const counted = countCategories(values)
  const index = new Map(reference.categories.map((c, k) => [c, k]))
  const other = reference.categories.length
  const counts = new Float64Array(other + 1)
  let unseen = 0
  counted.values.forEach((value, i) => {
    const bin = index.get(value)
    const count = counted.counts[i]!
    if (bin === undefined) {
      counts[other]! += count
      unseen += count
    } else counts[bin]! += count
  })
  return {
    rows: counted.rows,
    missing: counted.missing,
    count: counted.rows - counted.missing,
    counts,
    sorted: EMPTY,
    mean: Number.NaN,
    std: Number.NaN,
    unseen,
  }
}
