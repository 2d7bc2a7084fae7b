import { describe, it } from 'node:test'
import { assertNear } from '../testing/drift-fixtures.js'
import { chiSquareSurvival, kolmogorovSurvival, logGamma, regularizedGammaQ } from './special-functions.js'

// Expected values from scipy 1.17 (`gammaln`, `gammaincc`, `chi2.sf`, `kstwobign.sf`).
describe('special functions', () => {
  it('logGamma matches scipy gammaln', () => {
    for (const [x, expected] of [
      [0.5, 0.5723649429247],
      [1, 0],
      [3.7, 1.428072326665388],
      [10, 12.801827480081469],
      [171.3, 708.1149470389971],
    ] as const)
      assertNear(logGamma(x), expected, 1e-12)
  })

  it('regularizedGammaQ matches scipy gammaincc on both sides of x = a + 1', () => {
    for (const [a, x, expected] of [
      [0.5, 0.1, 0.6547208460185768],
      [2.5, 1.0, 0.8491450360846096],
      [10, 3, 0.9988975118698845],
      [10, 30, 7.121750862815593e-6],
      [100, 90, 0.84177901081357],
    ] as const)
      assertNear(regularizedGammaQ(a, x), expected, 1e-12, true)
    assertNear(regularizedGammaQ(3, 0), 1, 0)
    assertNear(regularizedGammaQ(3, Number.POSITIVE_INFINITY), 0, 0)
  })

  it('chiSquareSurvival matches scipy chi2.sf, tiny tails keeping their relative precision', () => {
    for (const [x, df, expected] of [
      [3.841458820694124, 1, 0.05],
      [10, 5, 0.07523524614651217],
      [0.5, 3, 0.9188914116546758],
      [100, 50, 3.454931382984871e-5],
      [1e-3, 1, 0.9747728793699604],
      [40, 4, 4.328422607120966e-8],
      [250, 3, 6.543750030967994e-54],
    ] as const)
      assertNear(chiSquareSurvival(x, df), expected, 1e-10, true)
  })

  it('kolmogorovSurvival matches scipy kstwobign.sf on both series', () => {
    for (const [lambda, expected] of [
      [0.3, 0.9999906941986655],
      [0.5, 0.9639452436648751],
      [0.8, 0.5441424115741981],
      [1.0, 0.26999967167735456],
      [1.17, 0.12939004218561884],
      [1.19, 0.11774229287977166],
      [1.36, 0.049485876755377876],
      [2.0, 0.0006709252557796953],
      [3.0, 3.045995948942526e-8],
    ] as const)
      assertNear(kolmogorovSurvival(lambda), expected, 1e-10, true)
    assertNear(kolmogorovSurvival(0), 1, 0)
  })
})
