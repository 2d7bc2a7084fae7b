import type { NumericArray } from '../column.js'
import type { Histogram, Quantiles } from './dataset-profile.js'
import { histogramOfSorted, lerp, referenceEdges } from './histogram.js'
import { type SortScratch, sortFinite } from './sort-float64.js'

/** What numeric and datetime profiles share, from one copy pass, one sort and a few passes over the sorted copy. */
export interface NumericSummary {
  readonly missing: number
  readonly distinct: number
  readonly infinite: { readonly positive: number; readonly negative: number }
  readonly mean: number | null
  readonly std: number | null
  readonly min: number | null
  readonly max: number | null
  readonly quantiles: Quantiles | null
  readonly histogram: Histogram | null
}

const LEVELS = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const

/**
 * Summarises a numeric or datetime column. The finite values are copied into `scratch` (counting NaN
 * and infinities and summing on the way), sorted once, and read for extremes, quantiles, distinct
 * values and the histogram; the variance is a second pass over the copy around the mean (two-pass, so
 * no catastrophic cancellation).
 */
export function summariseNumbers(values: NumericArray, scratch: SortScratch, bins: number): NumericSummary {
  const n = values.length
  const finite = scratch.input(n)
  let m = 0
  let missing = 0
  let positive = 0
  let negative = 0
  let sum = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) {
      finite[m++] = v
      sum += v
    } else if (v === Number.POSITIVE_INFINITY) positive++
    else if (v === Number.NEGATIVE_INFINITY) negative++
    else missing++
  }
  const infinite = { positive, negative }
  if (m === 0) {
    const distinct = (positive > 0 ? 1 : 0) + (negative > 0 ? 1 : 0)
    return {
      missing,
      distinct,
      infinite,
      mean: null,
      std: null,
      min: null,
      max: null,
      quantiles: null,
      histogram: null,
    }
  }
  const sorted = sortFinite(finite.subarray(0, m), scratch)
  // A constant column gets its exact mean (and std 0), not the rounding noise of sum / m.
  const mean = sorted[0] === sorted[m - 1] ? sorted[0]! : sum / m
  let squares = 0
  let distinct = 1
  for (let i = 0; i < m; i++) {
    const d = sorted[i]! - mean
    squares += d * d
    if (i > 0 && sorted[i] !== sorted[i - 1]) distinct++
  }
  const quantiles = quantilesOf(sorted)
  const histogram = histogramOfSorted(referenceEdges(sorted, quantiles, bins), sorted, {
    negativeInfinite: negative,
    positiveInfinite: positive,
    missing,
  })
  return {
    missing,
    distinct: distinct + (positive > 0 ? 1 : 0) + (negative > 0 ? 1 : 0),
    infinite,
    mean,
    std: m > 1 ? Math.sqrt(squares / (m - 1)) : null,
    min: sorted[0]!,
    max: sorted[m - 1]!,
    quantiles,
    histogram,
  }
}

/** Linear interpolation between the order statistics around `(m - 1) p` (numpy's default method). */
export function quantileOfSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p
  const below = Math.floor(h)
  const a = sorted[below]!
  const b = sorted[Math.min(below + 1, sorted.length - 1)]!
  return a === b ? a : lerp(a, b, h - below)
}

function quantilesOf(sorted: Float64Array): Quantiles {
  const q = (p: number) => quantileOfSorted(sorted, p)
  return {
    p1: q(LEVELS.p1),
    p5: q(LEVELS.p5),
    p25: q(LEVELS.p25),
    p50: q(LEVELS.p50),
    p75: q(LEVELS.p75),
    p95: q(LEVELS.p95),
    p99: q(LEVELS.p99),
  }
}
