import type { Random } from '../../shared/index.js'

/**
 * How many test rows each stratum gets when `fraction` of `sizes` (rows per stratum) must add up to
 * exactly `target` rows (the caller's `round(fraction * rows)`). Rules, in priority order:
 *
 * 1. Every stratum gets `floor(q)` or `ceil(q)` rows, `q = fraction * size`: within one row of its
 *    exact share.
 * 2. The total is exactly `target` (always reachable under rule 1).
 * 3. When rule 2 leaves a choice, a stratum of two rows or more is first given a test row it would
 *    otherwise lack, and last asked to give up its final training row, so that every stratum is on
 *    both sides when the budget allows.
 * 4. Then largest remainder `q - floor(q)` first; among strata tied on all of the above the
 *    leftover rows go to a seeded uniform draw, so no stratum is favoured for appearing first.
 *
 * A stratum of one row has `floor(q) = 0` and `ceil(q) = 1`: it goes wholly to test when rules 2-4
 * pick it for a leftover row, and wholly to train otherwise.
 */
export function allocateTestRows(
  sizes: Int32Array,
  fraction: number,
  target: number,
  rng: Random,
): Int32Array {
  const allocation = new Int32Array(sizes.length)
  // Candidates for a leftover row, grouped by (rank, remainder). Both depend only on the stratum
  // size, so there are at most ~3 * sqrt(2 * rows) groups whatever the number of strata, and
  // ordering groups instead of strata keeps a million singleton strata cheap.
  const byRank = [
    new Map<number, number[]>(),
    new Map<number, number[]>(),
    new Map<number, number[]>(),
  ] as const
  let assigned = 0
  for (let s = 0; s < sizes.length; s++) {
    const size = sizes[s]!
    const q = fraction * size
    const low = Math.floor(q)
    allocation[s] = low
    assigned += low
    if (q === low) continue
    // 0: the extra row is its first test row; 2: it would take its last training row; 1: neither.
    const rank = size >= 2 && low === 0 ? 0 : size >= 2 && low + 1 === size ? 2 : 1
    const group = byRank[rank].get(q - low)
    if (group) group.push(s)
    else byRank[rank].set(q - low, [s])
  }
  let extra = target - assigned
  for (const groups of byRank) {
    const remainders = [...groups.keys()].sort((a, b) => b - a)
    for (const remainder of remainders) {
      if (extra <= 0) return allocation
      const group = groups.get(remainder)!
      // A tie: the strata that get the row are a seeded uniform draw, not the first in order.
      if (group.length > extra) partialShuffle(group, extra, rng)
      const take = Math.min(extra, group.length)
      for (let i = 0; i < take; i++) allocation[group[i]!]!++
      extra -= take
    }
  }
  return allocation
}

function partialShuffle(a: number[], count: number, rng: Random): void {
  for (let i = 0; i < count; i++) {
    const j = i + rng.nextInt(a.length - i)
    const t = a[i]!
    a[i] = a[j]!
    a[j] = t
  }
}
