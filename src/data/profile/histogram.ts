import { invalidValue } from '../../shared/index.js'
import type { NumericArray } from '../column.js'
import type { Histogram, Quantiles } from './dataset-profile.js'

/**
 * Counts `values` on fixed `edges` (usually a stored profile's), the same way the profile counted its
 * reference data: bin k holds `edges[k] <= v < edges[k+1]`, the last bin also its right edge;
 * underflow below the first edge (and -Infinity), overflow above the last (and +Infinity), NaN
 * missing. With repeated edges a value goes to the last bin whose left edge it reaches.
 *
 * Throws `INVALID_PARAMETER_VALUE` when there are fewer than two edges or an edge is not finite or
 * smaller than the one before.
 *
 * @example histogramOn(profile.histogram.edges, productionColumn.values)
 */
export function histogramOn(edges: readonly number[], values: NumericArray | readonly number[]): Histogram {
  checkEdges(edges)
  const bins = edges.length - 1
  const lo = edges[0]!
  const hi = edges[bins]!
  const counts = new Float64Array(bins)
  // The equal-width guess is exact for edges from `referenceEdges` up to rounding; the two walks fix
  // rounding and make any non-decreasing edges correct.
  const scale = hi > lo && Number.isFinite(hi - lo) ? bins / (hi - lo) : 0
  let underflow = 0
  let overflow = 0
  let missing = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v < lo) underflow++
    else if (v > hi) overflow++
    else if (v >= lo) {
      let k = Math.min(bins - 1, Math.floor((v - lo) * scale))
      while (k > 0 && v < edges[k]!) k--
      while (k < bins - 1 && v >= edges[k + 1]!) k++
      counts[k]!++
    } else missing++
  }
  return { edges: [...edges], counts: Array.from(counts), underflow, overflow, missing }
}

/**
 * The reference edges of a profile from the sorted finite values: `bins` equal-width bins between p1
 * and p99; between min and max when p1 = p99; a single bin [v, v] when every value is v.
 */
export function referenceEdges(sorted: Float64Array, quantiles: Quantiles, bins: number): number[] {
  let lo = quantiles.p1
  let hi = quantiles.p99
  if (lo === hi) {
    lo = sorted[0]!
    hi = sorted[sorted.length - 1]!
  }
  if (lo === hi) return [lo, hi]
  const edges = new Array<number>(bins + 1)
  const width = hi - lo
  // (width * k) / bins rounds once per edge, so round numbers stay round (0, 5, 10 ... not 55.000000000000014).
  for (let k = 0; k < bins; k++)
    edges[k] = Number.isFinite(width) ? lo + (width * k) / bins : lerp(lo, hi, k / bins)
  edges[bins] = hi
  return edges
}

/**
 * `histogramOn(edges, values)` for sorted finite values, by binary search (a few dozen comparisons
 * instead of a pass); infinities and missing values are counted by the caller and added here.
 */
export function histogramOfSorted(
  edges: readonly number[],
  sorted: Float64Array,
  extra: { readonly negativeInfinite: number; readonly positiveInfinite: number; readonly missing: number },
): Histogram {
  const bins = edges.length - 1
  const counts = new Array<number>(bins)
  let below = lowerBound(sorted, edges[0]!)
  const underflow = below + extra.negativeInfinite
  for (let k = 0; k < bins; k++) {
    // Values left of edge k+1; the last bin closes on its right edge.
    const upTo = k === bins - 1 ? upperBound(sorted, edges[bins]!) : lowerBound(sorted, edges[k + 1]!)
    counts[k] = upTo - below
    below = upTo
  }
  const overflow = sorted.length - below + extra.positiveInfinite
  return { edges: [...edges], counts, underflow, overflow, missing: extra.missing }
}

/** `a + (b - a) t`, exact at t = 0 and when a = b, and without overflow when b - a is not finite. */
export function lerp(a: number, b: number, t: number): number {
  const d = b - a
  return Number.isFinite(d) ? a + d * t : a * (1 - t) + b * t
}

/** How many sorted values are < x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** How many sorted values are <= x. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function checkEdges(edges: readonly number[]): void {
  if (edges.length < 2) throw invalidValue('edges', `need at least two edges, got ${edges.length}`)
  for (let k = 0; k < edges.length; k++) {
    const e = edges[k]!
    if (typeof e !== 'number' || !Number.isFinite(e)) {
      throw invalidValue(`edges[${k}]`, `must be a finite number, not ${e}`)
    }
    if (k > 0 && e < edges[k - 1]!) {
      throw invalidValue(`edges[${k}]`, `${e} is smaller than the edge before it (${edges[k - 1]})`)
    }
  }
}
