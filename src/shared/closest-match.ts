/**
 * The candidate nearest to `word` by edit distance (insertions, deletions, substitutions, and
 * transpositions of neighbours), or undefined when none is close enough to be a plausible typo: at most
 * a third of the longer word's length, and at least 1. Case and `-`/`_` differences count as nothing.
 *
 * @example closestMatch('num_leafs', ['num_leaves', 'num_trees']) // 'num_leaves'
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const w = normalise(word)
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const c = normalise(candidate)
    const distance = editDistance(w, c)
    const allowed = Math.max(1, Math.floor(Math.max(w.length, c.length) / 3))
    if (distance <= allowed && distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-_]/g, '')
}

// Optimal string alignment distance, two rows at a time plus the one before for transpositions.
function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0)
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1)
      current.push(d)
    }
    before = previous
    previous = current
  }
  return previous[b.length]!
}
