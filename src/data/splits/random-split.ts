import { Random } from '../../shared/index.js'
import type { Dataset } from '../dataset.js'
import {
  checkFraction,
  checkRows,
  checkSeed,
  holdoutFromMask,
  iota,
  TEST,
  testRowTarget,
} from './partition.js'
import type { HoldoutSplit } from './split.js'
import type { RandomSplitSpec } from './split-spec.js'

const WHAT = 'random split'

/**
 * Uniformly random rows to test: exactly `round(testFraction * rows)` of them (half rounds up), every
 * such subset equally likely. Reproducible: the same seed on the same row count gives the same
 * indices on any machine (xoshiro128** via `Random`, partial Fisher-Yates), whatever the data holds.
 *
 * Errors (`INVALID_PARAMETER_VALUE`): fewer than 2 rows; `testFraction` not in (0, 1); a seed that is
 * not a safe integer; a fraction that rounds to 0 test rows or to all rows (naming the empty side).
 */
export function randomSplit(dataset: Dataset, spec: RandomSplitSpec): HoldoutSplit {
  checkFraction(spec.testFraction)
  checkSeed(spec.seed)
  checkRows(dataset, WHAT)
  const n = dataset.rowCount
  const target = testRowTarget(n, spec.testFraction, WHAT)
  const side = new Uint8Array(n)
  const order = iota(n)
  const rng = new Random(spec.seed).fork(WHAT)
  // Partial Fisher-Yates: the first `target` slots become a uniform random sample without replacement.
  for (let i = 0; i < target; i++) {
    const j = i + rng.nextInt(n - i)
    const row = order[j]!
    order[j] = order[i]!
    order[i] = row
    side[row] = TEST
  }
  return holdoutFromMask(side, WHAT)
}
