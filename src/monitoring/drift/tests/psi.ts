import { byDistance, type DriftTest, proportionsOf } from '../drift-test.js'

/**
 * What an empty bin's share counts as in PSI, on either side: ln(0) would make one empty bin
 * infinite. 1e-4 (0.01 %) is the value Evidently uses for ordinary data; with it, a bin holding 5 %
 * of live values and none of the reference adds about 0.31 on its own, past the drift threshold.
 */
export const PSI_EPSILON = 1e-4

/**
 * Population stability index of two share vectors on the same bins: Σ (l − r) · ln(l / r), each zero
 * share replaced by `PSI_EPSILON`. 0 for identical shares; the usual reading is < 0.1 stable,
 * 0.1-0.2 moderate shift, > 0.2 significant shift.
 */
export function populationStabilityIndex(reference: ArrayLike<number>, live: ArrayLike<number>): number {
  let psi = 0
  for (let k = 0; k < reference.length; k++) {
    const r = reference[k]! > 0 ? reference[k]! : PSI_EPSILON
    const l = live[k]! > 0 ? live[k]! : PSI_EPSILON
    psi += (l - r) * Math.log(l / r)
  }
  return psi
}

/** PSI on the reference bins (deciles for numbers, categories plus "other"); drift at ≥ 0.2. */
export const psiTest: DriftTest = {
  method: 'psi',
  label: 'PSI',
  kinds: ['numeric', 'categorical'],
  defaultThreshold: 0.2,
  run(reference, live, threshold) {
    return byDistance(populationStabilityIndex(proportionsOf(reference), proportionsOf(live)), threshold)
  },
}
