import { byDistance, type DriftTest } from '../drift-test.js'

/**
 * The first Wasserstein (earth mover's) distance between two sorted samples, ∫ |F_a − F_b| dx over
 * their empirical CDFs, in one merge (scipy's `wasserstein_distance` without weights). NaN when
 * either sample is empty.
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const na = a.length
  const nb = b.length
  if (na === 0 || nb === 0) return Number.NaN
  let i = 0
  let j = 0
  let previous = Math.min(a[0]!, b[0]!)
  let distance = 0
  while (i < na || j < nb) {
    const x = j >= nb || (i < na && a[i]! <= b[j]!) ? a[i]! : b[j]!
    distance += Math.abs(i / na - j / nb) * (x - previous)
    while (i < na && a[i]! <= x) i++
    while (j < nb && b[j]! <= x) j++
    previous = x
  }
  return distance
}

/** The smallest standard deviation the distance is divided by (Evidently's floor), so constants stay finite. */
export const MIN_NORM = 0.001

/**
 * Evidently's "Wasserstein distance (normed)": the distance between the reference and live samples
 * divided by the reference's standard deviation (population, at least 0.001), so 0.1 means the mass
 * moved a tenth of a standard deviation on average. Numbers only; drift at ≥ 0.1.
 */
export const wassersteinTest: DriftTest = {
  method: 'wasserstein',
  label: 'Wasserstein distance (normed)',
  kinds: ['numeric'],
  defaultThreshold: 0.1,
  run(reference, live, threshold) {
    const norm = Math.max(reference.std, MIN_NORM)
    return byDistance(wassersteinDistance(reference.sorted, live.sorted) / norm, threshold)
  },
}
