import { invalidValue } from '../../../shared/index.js'
import type { RangeExpectation } from '../expectation.js'
import { columnFor, type ExpectationCheck, rows } from '../expectation-check.js'

/**
 * `range`: present values lie in `[min, max]`. The comparison `v < min || v > max` is false for NaN, so
 * missing values pass by construction; ±Infinity fails unless its side is unbounded. This is the
 * example check to copy: parse with the field reader, resolve the column with `columnFor`, scan tight.
 */
export const rangeCheck: ExpectationCheck<RangeExpectation> = {
  parse(fields) {
    const column = fields.string('column')
    const min = fields.optionalNumber('min')
    const max = fields.optionalNumber('max')
    if (min === undefined && max === undefined) {
      throw invalidValue(fields.field('min'), 'a range needs min, max or both')
    }
    if (min !== undefined && max !== undefined && min > max) {
      throw invalidValue(fields.field('min'), `${min} is greater than max ${max}`)
    }
    return {
      kind: 'range',
      column,
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
    }
  },

  plan(expectation, dataset) {
    const column = columnFor(dataset, expectation.column, ['numeric', 'datetime'], 'range')
    if ('mode' in column) return column
    const values = column.values
    const min = expectation.min ?? Number.NEGATIVE_INFINITY
    const max = expectation.max ?? Number.POSITIVE_INFINITY
    return {
      mode: 'scan',
      column,
      scan(start, end, tally) {
        for (let i = start; i < end; i++) {
          const v = values[i]!
          if (v < min || v > max) tally.add(i)
        }
      },
      judge(tally, rowCount) {
        return tally.count === 0
          ? { passed: true, message: `every present value is in ${interval(expectation)}` }
          : {
              passed: false,
              message: `${rows(tally.count)} of ${rowCount.toLocaleString('en-US')} outside ${interval(expectation)}`,
            }
      },
    }
  },

  describe(expectation) {
    return `range ${interval(expectation)}`
  },
}

function interval(e: { readonly min?: number; readonly max?: number }): string {
  const min = e.min ?? Number.NEGATIVE_INFINITY
  const max = e.max ?? Number.POSITIVE_INFINITY
  return `${min === Number.NEGATIVE_INFINITY ? '(-Infinity' : `[${min}`}, ${max === Number.POSITIVE_INFINITY ? 'Infinity)' : `${max}]`}`
}
