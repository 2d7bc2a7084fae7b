import { byDistance, type DriftTest, proportionsOf } from '../drift-test.js'

/**
 * The Jensen–Shannon distance in bits (scipy's `jensenshannon(p, q, base=2)`): the square root of the
 * mean Kullback–Leibler divergence of each distribution from their midpoint, so 0 for identical
 * and 1 for disjoint distributions. The inputs are normalised to sum to 1 first; 0 · log 0 is 0.
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sumP = 0
  let sumQ = 0
  for (let k = 0; k < p.length; k++) {
    sumP += p[k]!
    sumQ += q[k]!
  }
  let divergence = 0
  for (let k = 0; k < p.length; k++) {
    const a = p[k]! / sumP
    const b = q[k]! / sumQ
    const m = (a + b) / 2
    if (a > 0) divergence += a * Math.log(a / m)
    if (b > 0) divergence += b * Math.log(b / m)
  }
  return Math.sqrt(Math.max(0, divergence / (2 * Math.LN2)))
}

/** Jensen–Shannon distance of the bin shares; Evidently's choice for large windows of categories. Drift at ≥ 0.1. */
export const jensenShannonTest: DriftTest = {
  method: 'jensenshannon',
  label: 'Jensen-Shannon distance',
  kinds: ['categorical', 'numeric'],
  defaultThreshold: 0.1,
  run(reference, live, threshold) {
    return byDistance(jensenShannonDistance(proportionsOf(reference), proportionsOf(live)), threshold)
  },
}
