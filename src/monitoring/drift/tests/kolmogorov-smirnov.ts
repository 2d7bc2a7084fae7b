import { byPValue, type DriftTest } from '../drift-test.js'
import { kolmogorovSurvival } from './special-functions.js'

/**
 * The two-sample Kolmogorov–Smirnov statistic of sorted samples: the largest gap between their
 * empirical CDFs, read after each distinct value (ties in both samples step together, as scipy's
 * `ks_2samp`), and its asymptotic two-sided p-value: the Kolmogorov tail at
 * (√n + 0.12 + 0.11/√n)·D with n = ab/(a+b), Stephens' (1970) small-sample correction as in
 * Numerical Recipes. scipy's `method='asymp'` uses `kstwo.sf(D, round(n))` instead; the two agree
 * within a few percent of p from n ≈ 20 on. NaN p when either sample is empty.
 */
export function kolmogorovSmirnov(a: Float64Array, b: Float64Array): { statistic: number; pValue: number } {
  const na = a.length
  const nb = b.length
  if (na === 0 || nb === 0) return { statistic: Number.NaN, pValue: Number.NaN }
  let i = 0
  let j = 0
  let statistic = 0
  while (i < na && j < nb) {
    const x = Math.min(a[i]!, b[j]!)
    while (i < na && a[i]! <= x) i++
    while (j < nb && b[j]! <= x) j++
    const gap = Math.abs(i / na - j / nb)
    if (gap > statistic) statistic = gap
  }
  const n = Math.sqrt((na * nb) / (na + nb))
  return { statistic, pValue: kolmogorovSurvival((n + 0.12 + 0.11 / n) * statistic) }
}

/**
 * KS on the reference sample against the live one (both sorted, at most ~10,000 values each), so
 * the p-value is for those sample sizes. Numbers only; drift when p < 0.05.
 */
export const ksTest: DriftTest = {
  method: 'ks',
  label: 'Kolmogorov-Smirnov p-value',
  kinds: ['numeric'],
  defaultThreshold: 0.05,
  run(reference, live, threshold) {
    const { statistic, pValue } = kolmogorovSmirnov(reference.sorted, live.sorted)
    return byPValue(statistic, pValue, threshold)
  },
}
