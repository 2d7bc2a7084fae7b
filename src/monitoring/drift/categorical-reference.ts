import { countCategories } from './category-counts.js'
import type { CategoricalValues } from './drift-columns.js'
import type { CategoricalReference } from './reference-profile.js'

/**
 * The reference of a categorical column: categories counted in one pass, then ranked (count
 * descending, then value ascending by code unit, so the order never depends on row order); the first
 * `maxCategories` are kept and the rest share the "other" bin.
 */
export function categoricalReference(
  name: string,
  values: CategoricalValues,
  maxCategories: number,
): CategoricalReference {
  const counted = countCategories(values)
  const present = counted.rows - counted.missing
  const order = counted.values.map((_, i) => i)
  order.sort(
    (a, b) => counted.counts[b]! - counted.counts[a]! || compare(counted.values[a]!, counted.values[b]!),
  )
  const kept = order.slice(0, maxCategories)
  const share = (count: number) => (present > 0 ? count / present : 0)
  let other = present
  for (const i of kept) other -= counted.counts[i]!
  return {
    kind: 'categorical',
    name,
    rows: counted.rows,
    missing: counted.missing,
    missingRate: counted.rows > 0 ? counted.missing / counted.rows : 0,
    distinct: counted.values.length,
    categories: kept.map((i) => counted.values[i]!),
    proportions: [...kept.map((i) => share(counted.counts[i]!)), share(other)],
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
