import { byPValue, type DriftTest } from '../drift-test.js'
import { chiSquareSurvival } from './special-functions.js'

/**
 * The two-sample Z-test for proportions with a pooled variance: z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂))
 * and its two-sided p-value, P(|Z| ≥ |z|), which equals the χ²(1) tail at z². Returns z = 0, p = 1
 * when the pooled share is 0 or 1 (both samples hold one value only).
 */
export function proportionsZTest(
  share1: number,
  n1: number,
  share2: number,
  n2: number,
): { statistic: number; pValue: number } {
  const pooled = (share1 * n1 + share2 * n2) / (n1 + n2)
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
  if (!(variance > 0)) return { statistic: 0, pValue: 1 }
  const z = (share1 - share2) / Math.sqrt(variance)
  return { statistic: z, pValue: chiSquareSurvival(z * z, 1) }
}

/**
 * Evidently's test for binary features: the share of the first bin that either side uses against
 * all the others (exactly the two values when the feature is binary), reference against live.
 * Drift when p < 0.05.
 */
export const zTest: DriftTest = {
  method: 'ztest',
  label: 'Z-test p-value',
  kinds: ['categorical', 'numeric'],
  defaultThreshold: 0.05,
  run(reference, live, threshold) {
    let first = 0
    while (first < reference.counts.length - 1 && reference.counts[first] === 0 && live.counts[first] === 0)
      first++
    const { statistic, pValue } = proportionsZTest(
      reference.counts[first]! / reference.count,
      reference.count,
      live.counts[first]! / live.count,
      live.count,
    )
    return byPValue(statistic, pValue, threshold)
  },
}
