/**
 * The distribution tails the drift tests' p-values need, in double precision: the chi-square
 * survival function through the regularized upper incomplete gamma function, and the limiting
 * Kolmogorov distribution. Numerical Recipes (Press et al., 3rd ed., §6.1-6.2, §14.3) gives the
 * methods; the tests check them against scipy.
 */

/** Lanczos coefficients (g = 7, n = 9): ln Γ to about 1e-15 relative for x > 0. */
const LANCZOS_G = 7
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI)
const EPSILON = 1e-16
/** Below this the continued fraction's Lentz denominators are nudged off zero. */
const TINY = 1e-300
const MAX_ITERATIONS = 10_000

/** ln Γ(x) for x > 0 (Lanczos approximation; reflection below 0.5). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let series = LANCZOS[0]!
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i]! / (z + i)
  const t = z + LANCZOS_G + 0.5
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(series)
}

/**
 * Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function, for a > 0 and x ≥ 0
 * (scipy's `gammaincc`). Below x = a + 1 the series for P converges fast and Q = 1 − P loses nothing
 * (P is not near 1 there); above it the continued fraction gives Q directly, so tiny tails keep
 * their relative precision.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1
  if (x === Number.POSITIVE_INFINITY) return 0
  const logPrefix = -x + a * Math.log(x) - logGamma(a)
  return x < a + 1 ? 1 - Math.exp(logPrefix) * lowerSeries(a, x) : Math.exp(logPrefix) * upperFraction(a, x)
}

/** Σ x^n / (a (a+1) ... (a+n)), so that P(a, x) = e^(−x) x^a / Γ(a) × this. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a
  let sum = term
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n)
    sum += term
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break
  }
  return sum
}

/** The continued fraction for Γ(a, x) e^x x^(−a), by the modified Lentz method. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPSILON) break
  }
  return h
}

/** P(X ≥ x) for X ~ χ²(df), df > 0 (scipy's `chi2.sf`): Q(df / 2, x / 2). */
export function chiSquareSurvival(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2)
}

/**
 * P(K > λ) for the Kolmogorov distribution (scipy's `kstwobign.sf`), the limit of √n·D. Two series,
 * each fast where the other is slow: 1 − √(2π)/λ Σ exp(−(2k−1)²π²/(8λ²)) below λ = 1.18, and
 * 2 Σ (−1)^(k−1) exp(−2k²λ²) above it.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1
  if (lambda < 1.18) {
    const factor = -(Math.PI * Math.PI) / (8 * lambda * lambda)
    let sum = 0
    for (let k = 1; k <= 8; k++) sum += Math.exp((2 * k - 1) ** 2 * factor)
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum
  }
  let sum = 0
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda)
    sum += k % 2 === 1 ? term : -term
    if (term < EPSILON * sum) break
  }
  return Math.min(1, Math.max(0, 2 * sum))
}
