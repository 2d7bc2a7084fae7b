import { byPValue, type DriftTest, proportionsOf } from '../drift-test.js'
import { chiSquareSurvival } from './special-functions.js'

/**
 * Pearson's chi-square goodness of fit of observed counts to the counts the expected shares predict
 * for the same total (scipy's `chisquare(f_obs, f_exp)` with `f_exp` scaled to the observed sum).
 * Bins empty on both sides are left out, as Evidently keys on values present in either sample; an
 * observed count in a bin expected to be empty makes the statistic Infinity and p 0.
 * Degrees of freedom: the bins kept, minus one; with one bin the fit is perfect (statistic 0, p 1).
 */
export function chiSquareGoodnessOfFit(
  observed: ArrayLike<number>,
  expectedShares: ArrayLike<number>,
): { statistic: number; pValue: number; df: number } {
  let total = 0
  for (let k = 0; k < observed.length; k++) total += observed[k]!
  let statistic = 0
  let bins = 0
  for (let k = 0; k < observed.length; k++) {
    const o = observed[k]!
    const e = expectedShares[k]! * total
    if (o === 0 && e === 0) continue
    bins++
    statistic += e === 0 ? Number.POSITIVE_INFINITY : (o - e) ** 2 / e
  }
  const df = bins - 1
  return { statistic, pValue: df > 0 ? chiSquareSurvival(statistic, df) : 1, df }
}

/**
 * Chi-square of the live bin counts against the reference shares: the reference (training data) is
 * taken as the expected distribution, as Evidently does. Categories, or numbers with few values
 * binned one value per bin; drift when p < 0.05.
 */
export const chiSquareTest: DriftTest = {
  method: 'chisquare',
  label: 'chi-square p-value',
  kinds: ['categorical', 'numeric'],
  defaultThreshold: 0.05,
  run(reference, live, threshold) {
    const { statistic, pValue } = chiSquareGoodnessOfFit(live.counts, proportionsOf(reference))
    return byPValue(statistic, pValue, threshold)
  },
}
