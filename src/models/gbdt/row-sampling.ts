import type { Random } from '../../shared/index.js'

/**
 * Fills `order` with the rows of this tree's bag in ascending order, then the out-of-bag rows, and
 * returns the bag size. Each row is kept with probability `fraction` (all rows when it is 1); an empty
 * bag, possible only on tiny data, falls back to every row.
 */
export function sampleBag(order: Int32Array, fraction: number, rng: Random): number {
  const rows = order.length
  if (fraction >= 1) {
    for (let r = 0; r < rows; r++) order[r] = r
    return rows
  }
  let bag = 0
  let out = rows
  // Out-of-bag rows fill from the end, then are reversed back to ascending order.
  for (let r = 0; r < rows; r++) {
    if (rng.nextFloat() < fraction) order[bag++] = r
    else order[--out] = r
  }
  if (bag === 0) return sampleBag(order, 1, rng)
  order.subarray(bag).reverse()
  return bag
}

/**
 * Writes this tree's features into `features` (ascending) and returns how many: all of them when
 * `fraction` is 1, otherwise a uniform sample of `max(1, round(fraction × width))`.
 */
export function sampleFeatures(features: Int32Array, fraction: number, rng: Random): number {
  const width = features.length
  for (let f = 0; f < width; f++) features[f] = f
  if (fraction >= 1) return width
  const count = Math.max(1, Math.round(fraction * width))
  rng.shuffleInPlace(features)
  features.subarray(0, count).sort()
  return count
}
