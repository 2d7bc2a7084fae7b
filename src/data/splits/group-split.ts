import { Random, ShipyardError } from '../../shared/index.js'
import type { Dataset } from '../dataset.js'
import { denseCodes } from './dense-codes.js'
import {
  checkFraction,
  checkRows,
  checkSeed,
  holdoutFromMask,
  iota,
  requireColumn,
  TEST,
  TRAIN,
  testRowTarget,
} from './partition.js'
import type { HoldoutSplit } from './split.js'
import type { GroupSplitSpec } from './split-spec.js'

const WHAT = 'group split'

/**
 * A split in which every group (distinct value of `column`: a user id, a session, a patient) lies
 * wholly on one side, so no group leaks from train into test.
 *
 * The test fraction is approximated by whole groups: groups are visited in a seeded random order and
 * each joins test when that brings the test row count strictly closer to `round(testFraction * rows)`.
 * When every group is large the result can be far from the fraction; `report` gives the actual
 * counts. If the walk leaves a side empty, the smallest group on the other side (first in the
 * seeded order) moves over, so with two groups or more both sides always have rows.
 *
 * Defined behaviour: missing values of `column` (NaN, code -1, null) form one group together,
 * because unknown ids cannot be proven distinct.
 *
 * Errors (`INVALID_PARAMETER_VALUE`): unknown column (naming it and listing the columns); a boolean
 * or datetime column; a column with fewer than two groups; plus every error of a random split.
 */
export function groupSplit(dataset: Dataset, spec: GroupSplitSpec): HoldoutSplit {
  checkFraction(spec.testFraction)
  checkSeed(spec.seed)
  const column = requireColumn(dataset, 'column', spec.column, ['categorical', 'numeric', 'text'], WHAT)
  checkRows(dataset, WHAT)
  const target = testRowTarget(dataset.rowCount, spec.testFraction, WHAT)
  const { codes, count, sizes } = denseCodes(column)
  if (count < 2) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `column: '${spec.column}' has ${count} group; a ${WHAT} needs at least 2`,
      { details: { field: 'column', column: spec.column, groups: count } },
    )
  }
  const order = new Random(spec.seed).fork(WHAT).shuffleInPlace(iota(count))
  const groupSide = new Uint8Array(count)
  let testRows = 0
  let testGroups = 0
  for (let i = 0; i < count; i++) {
    const g = order[i]!
    if ((target - testRows) * 2 > sizes[g]!) {
      groupSide[g] = TEST
      testRows += sizes[g]!
      testGroups++
    }
  }
  if (testGroups === 0) {
    moveSmallest(order, sizes, groupSide, TRAIN, TEST)
    testGroups = 1
  } else if (testGroups === count) {
    moveSmallest(order, sizes, groupSide, TEST, TRAIN)
    testGroups = count - 1
  }
  const side = new Uint8Array(codes.length)
  for (let i = 0; i < codes.length; i++) side[i] = groupSide[codes[i]!]!
  return holdoutFromMask(side, `${WHAT} on '${spec.column}'`, {
    trainGroups: count - testGroups,
    testGroups,
  })
}

function moveSmallest(
  order: Int32Array,
  sizes: Int32Array,
  groupSide: Uint8Array,
  from: number,
  to: number,
): void {
  let best = -1
  for (let i = 0; i < order.length; i++) {
    const g = order[i]!
    if (groupSide[g] === from && (best < 0 || sizes[g]! < sizes[best]!)) best = g
  }
  groupSide[best] = to
}
