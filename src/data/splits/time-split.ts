import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { Dataset } from '../dataset.js'
import {
  checkFraction,
  checkRows,
  EXCLUDED,
  holdoutFromMask,
  requireColumn,
  TEST,
  TRAIN,
  testRowTarget,
} from './partition.js'
import type { HoldoutSplit } from './split.js'
import { parseCutoff, type TimeSplitSpec } from './split-spec.js'

const WHAT = 'time split'

/**
 * A split by time: train is every row strictly before the cutoff, test every row at or after it, so
 * no training row is later than any test row (`column` is datetime or numeric). No randomness.
 *
 * - `cutoff`: a number (epoch ms for datetime) or, for a datetime column, an ISO-8601 string with a
 *   zone (see `TimeSplitSpec`).
 * - `testFraction`: the cutoff becomes the time of the first of the latest `round(testFraction * n)`
 *   rows (n = rows with a time). Rows tied with it all go to test, so ties never straddle the
 *   boundary and the test share can exceed the fraction; `report.cutoff` records the cutoff used.
 * - Missing times (NaN): with `missing: 'error'` (the default) an error naming the column, the
 *   count and the first row; with `missing: 'drop'` those rows are in neither part, listed in
 *   `excluded` and counted in `report.excluded`.
 *
 * Errors (`INVALID_PARAMETER_VALUE`): unknown column (naming it and listing the columns); a column
 * that is not datetime or numeric; not exactly one of cutoff and testFraction; a string cutoff on a
 * numeric column or one that is not ISO-8601 with a zone; missing times under `'error'`; a cutoff
 * that leaves a side empty (naming the side, the cutoff and the column's range).
 */
export function timeSplit(dataset: Dataset, spec: TimeSplitSpec): HoldoutSplit {
  const column = requireColumn(dataset, 'column', spec.column, ['datetime', 'numeric'], WHAT)
  if ((spec.cutoff === undefined) === (spec.testFraction === undefined)) {
    throw invalidValue('cutoff', 'give exactly one of cutoff and testFraction')
  }
  const missing = spec.missing ?? 'error'
  if (missing !== 'error' && missing !== 'drop') {
    throw invalidValue('missing', `must be 'error' or 'drop', got ${String(missing)}`)
  }
  checkRows(dataset, WHAT)
  const values = column.values
  const isDate = column.type === 'datetime'
  const present = countPresent(values)
  if (present.count < values.length && missing === 'error') {
    const gaps = values.length - present.count
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `column: '${spec.column}' has ${gaps} missing value${gaps === 1 ? '' : 's'} (first at row ${present.firstMissing}); ` +
        `set missing: 'drop' to leave those rows out of both parts`,
      { details: { field: 'column', column: spec.column, missing: gaps, row: present.firstMissing } },
    )
  }
  const cutoff =
    spec.testFraction === undefined
      ? explicitCutoff(spec.cutoff!, isDate, spec.column)
      : fractionCutoff(values, present.count, checkFraction(spec.testFraction))
  const side = new Uint8Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    side[i] = Number.isNaN(v) ? EXCLUDED : v < cutoff ? TRAIN : TEST
  }
  const show = (v: number) => (isDate && Number.isFinite(v) ? new Date(v).toISOString() : String(v))
  const why = `${WHAT} on '${spec.column}' at cutoff ${show(cutoff)} (values run from ${show(present.min)} to ${show(present.max)})`
  return holdoutFromMask(side, why, { cutoff })
}

function explicitCutoff(cutoff: number | string, isDate: boolean, column: string): number {
  if (typeof cutoff === 'string') {
    if (!isDate) throw invalidValue('cutoff', `column '${column}' is numeric: give a number, got '${cutoff}'`)
    return parseCutoff(cutoff)
  }
  if (typeof cutoff !== 'number' || Number.isNaN(cutoff)) {
    throw invalidValue('cutoff', `must be a number or an ISO-8601 string, got ${String(cutoff)}`)
  }
  return cutoff
}

// The value at sorted position n - target among the present times: the earliest test time.
function fractionCutoff(values: Float64Array | Float32Array, present: number, fraction: number): number {
  const target = testRowTarget(present, fraction, WHAT)
  const sorted = new Float64Array(present)
  let j = 0
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) sorted[j++] = values[i]!
  sorted.sort()
  return sorted[present - target]!
}

function countPresent(values: Float64Array | Float32Array): {
  count: number
  firstMissing: number
  min: number
  max: number
} {
  let count = 0
  let firstMissing = -1
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isNaN(v)) {
      if (firstMissing < 0) firstMissing = i
      continue
    }
    count++
    if (v < min) min = v
    if (v > max) max = v
  }
  return { count, firstMissing, min, max }
}
