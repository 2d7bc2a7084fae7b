import { Random } from '../../shared/index.js'
import type { Dataset } from '../dataset.js'
import { denseCodes, rowsByCode } from './dense-codes.js'
import { allocateTestRows } from './largest-remainder.js'
import {
  checkFraction,
  checkRows,
  checkSeed,
  holdoutFromMask,
  requireColumn,
  TEST,
  testRowTarget,
} from './partition.js'
import type { HoldoutSplit } from './split.js'
import type { StratifiedSplitSpec } from './split-spec.js'

const WHAT = 'stratified split'

/**
 * A split that keeps each stratum's share: every distinct value of `column` (categorical, boolean or
 * numeric label) is split on its own, with within one row of `testFraction` of its rows in test, and
 * `round(testFraction * rows)` test rows in all (see `allocateTestRows` for the exact rounding). Which
 * rows of a stratum go to test is a seeded uniform draw.
 *
 * Defined behaviour:
 * - Missing label values (NaN, code -1, boolean -1) form one stratum of their own.
 * - A stratum of a single row cannot be on both sides: it goes wholly to one side, by the same
 *   seeded largest-remainder draw (so singleton strata land in test at about `testFraction`);
 *   `report.singletonStrata` counts them. A continuous numeric column makes nearly every row a
 *   singleton and the split degenerates to a random one: stratify on a binned column instead.
 *
 * Errors (`INVALID_PARAMETER_VALUE`): unknown column (naming it and listing the columns); a text or
 * datetime column; plus every error of a random split.
 */
export function stratifiedSplit(dataset: Dataset, spec: StratifiedSplitSpec): HoldoutSplit {
  checkFraction(spec.testFraction)
  checkSeed(spec.seed)
  const column = requireColumn(dataset, 'column', spec.column, ['categorical', 'boolean', 'numeric'], WHAT)
  checkRows(dataset, WHAT)
  const target = testRowTarget(dataset.rowCount, spec.testFraction, WHAT)
  const dense = denseCodes(column)
  const rng = new Random(spec.seed).fork(WHAT)
  const allocation = allocateTestRows(dense.sizes, spec.testFraction, target, rng.fork('allocation'))
  const { rows, offsets } = rowsByCode(dense)
  const side = new Uint8Array(dataset.rowCount)
  const draw = rng.fork('rows')
  let singletons = 0
  for (let s = 0; s < dense.count; s++) {
    const start = offsets[s]!
    const size = offsets[s + 1]! - start
    if (size === 1) singletons++
    // Partial Fisher-Yates inside the stratum's slice of `rows`.
    for (let i = 0; i < allocation[s]!; i++) {
      const j = start + i + draw.nextInt(size - i)
      const row = rows[j]!
      rows[j] = rows[start + i]!
      rows[start + i] = row
      side[row] = TEST
    }
  }
  return holdoutFromMask(side, `${WHAT} on '${spec.column}'`, {
    strata: dense.count,
    singletonStrata: singletons,
  })
}
