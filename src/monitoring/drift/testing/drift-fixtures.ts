import assert from 'node:assert/strict'
import type { Random } from '../../../shared/index.js'
import type { DriftSample } from '../drift-test.js'

/** `n` draws from N(mean, std²) by Box–Muller, reproducible from `rng`. */
export function normalValues(rng: Random, n: number, mean = 0, std = 1): Float64Array {
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const u = 1 - rng.nextFloat()
    values[i] = mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat())
  }
  return values
}

/** `n` draws of `categories` with the given weights (summing to 1). */
export function categoryValues(
  rng: Random,
  n: number,
  categories: readonly string[],
  weights: readonly number[],
): string[] {
  return Array.from({ length: n }, () => {
    let u = rng.nextFloat()
    for (let k = 0; k < categories.length - 1; k++) {
      u -= weights[k]!
      if (u < 0) return categories[k]!
    }
    return categories[categories.length - 1]!
  })
}

/** Asserts |actual − expected| ≤ tolerance (absolute), or, with `relative`, ≤ tolerance × |expected|. */
export function assertNear(actual: number, expected: number, tolerance: number, relative = false): void {
  const allowed = relative ? tolerance * Math.abs(expected) : tolerance
  assert.ok(Math.abs(actual - expected) <= allowed, `got ${actual}, expected ${expected} ± ${allowed}`)
}

/** A categorical `DriftSample` with these per-bin counts: no numeric summary, no unseen categories. */
export function binnedSample(counts: readonly number[]): DriftSample {
  return {
    count: counts.reduce((a, b) => a + b, 0),
    counts: Float64Array.from(counts),
    sorted: new Float64Array(0),
    mean: Number.NaN,
    std: Number.NaN,
    unseen: 0,
  }
}
