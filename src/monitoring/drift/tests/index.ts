import type { DriftMethod, DriftTest } from '../drift-test.js'
import { chiSquareTest } from './chi-square.js'
import { jensenShannonTest } from './jensen-shannon.js'
import { ksTest } from './kolmogorov-smirnov.js'
import { psiTest } from './psi.js'
import { unseenCategoriesTest } from './unseen-categories.js'
import { wassersteinTest } from './wasserstein.js'
import { zTest } from './z-proportions.js'

/** Every drift test by method: a closed table, so a method added to `DRIFT_METHODS` does not compile until it is here. */
export const DRIFT_TESTS: { readonly [M in DriftMethod]: DriftTest } = {
  psi: psiTest,
  ks: ksTest,
  chisquare: chiSquareTest,
  ztest: zTest,
  wasserstein: wassersteinTest,
  jensenshannon: jensenShannonTest,
  unseen: unseenCategoriesTest,
}
