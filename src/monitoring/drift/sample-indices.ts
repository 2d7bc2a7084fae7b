import type { Random } from '../../shared/index.js'

/**
 * `k` distinct indices of [0, n), ascending, drawn uniformly without replacement by Floyd's
 * algorithm: k draws and a k-entry set whatever n is, so sampling 10,000 rows of a million costs
 * nothing next to reading them. Every index of [0, n) when k ≥ n.
 */
export function sampleIndices(n: number, k: number, rng: Random): Int32Array {
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i)
  const chosen = new Set<number>()
  for (let j = n - k; j < n; j++) {
    const t = rng.nextInt(j + 1)
    chosen.add(chosen.has(t) ? j : t)
  }
  return Int32Array.from(chosen).sort()
}
