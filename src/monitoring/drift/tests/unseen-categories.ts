import { byDistance, type DriftTest } from '../drift-test.js'

/**
 * The share of live values (present ones) whose category the reference profile does not list. The
 * profile keeps the most frequent categories (100 by default): when the reference had more, its
 * rarer ones count as unseen too, so this reads best on features with fewer categories than that.
 * Categories only; drift at ≥ 0.05.
 */
export const unseenCategoriesTest: DriftTest = {
  method: 'unseen',
  label: 'unseen categories rate',
  kinds: ['categorical'],
  defaultThreshold: 0.05,
  run(_reference, live, threshold) {
    return byDistance(live.unseen / live.count, threshold)
  },
}
