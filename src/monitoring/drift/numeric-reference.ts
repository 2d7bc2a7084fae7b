import type { NumericArray } from '../../data/index.js'
import type { Random } from '../../shared/index.js'
import { binNumbers } from './numeric-bins.js'
import type { NumericReference } from './reference-profile.js'
import { sampleIndices } from './sample-indices.js'

/**
 * The reference of a numeric column (see `NumericReference`): the finite values are copied and
 * sorted once, which gives the cuts, the distinct count and a sorted sample; one binning pass (the
 * one live data takes) gives the shares, the missing count and the moments.
 */
export function numericReference(
  name: string,
  values: NumericArray,
  options: { readonly bins: number; readonly sampleSize: number },
  rng: Random,
): NumericReference {
  const sorted = sortedFinite(values)
  const m = sorted.length
  const distinct = countDistinct(sorted)
  const cuts = distinct <= options.bins ? distinctAfterFirst(sorted) : quantileCuts(sorted, options.bins)
  // The median as the shift: near the centre, and exact for a constant column (std exactly 0).
  const binned = binNumbers(values, cuts, m > 0 ? sorted[m >>> 1]! : 0)
  const present = values.length - binned.missing
  const indices = sampleIndices(m, options.sampleSize, rng)
  return {
    kind: 'numeric',
    name,
    rows: values.length,
    missing: binned.missing,
    missingRate: values.length > 0 ? binned.missing / values.length : 0,
    distinct,
    cuts,
    proportions: Array.from(binned.counts, (c) => (present > 0 ? c / present : 0)),
    mean: m > 0 ? binned.mean : null,
    std: m > 0 ? binned.std : null,
    sample: Array.from(indices, (i) => sorted[i]!),
  }
}

function sortedFinite(values: NumericArray): Float64Array {
  const finite = new Float64Array(values.length)
  let m = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) finite[m++] = v
  }
  return finite.subarray(0, m).sort()
}

function countDistinct(sorted: Float64Array): number {
  let distinct = sorted.length > 0 ? 1 : 0
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++
  return distinct
}

/** One bin per value: every distinct value but the smallest starts a bin. */
function distinctAfterFirst(sorted: Float64Array): number[] {
  const cuts: number[] = []
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) cuts.push(sorted[i]!)
  return cuts
}

/** The order statistics at k / bins (k = 1..bins−1) above the minimum, without repeats. */
function quantileCuts(sorted: Float64Array, bins: number): number[] {
  const cuts: number[] = []
  let last = sorted[0]!
  for (let k = 1; k < bins; k++) {
    const cut = sorted[Math.floor((k * sorted.length) / bins)]!
    if (cut > last) {
      cuts.push(cut)
      last = cut
    }
  }
  return cuts
}
