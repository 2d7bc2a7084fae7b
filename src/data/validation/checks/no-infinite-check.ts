import type { NoInfiniteExpectation } from '../expectation.js'
import { columnFor, type ExpectationCheck, rows } from '../expectation-check.js'

/** `no_infinite`: no value of a numeric or datetime column is +Infinity or -Infinity. NaN is missing, not infinite. */
export const noInfiniteCheck: ExpectationCheck<NoInfiniteExpectation> = {
  parse(fields) {
    return { kind: 'no_infinite', column: fields.string('column') }
  },

  plan(expectation, dataset) {
    const column = columnFor(dataset, expectation.column, ['numeric', 'datetime'], 'no_infinite')
    if ('mode' in column) return column
    const values = column.values
    return {
      mode: 'scan',
      column,
      scan(start, end, tally) {
        for (let i = start; i < end; i++) {
          const v = values[i]!
          if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) tally.add(i)
        }
      },
      judge(tally) {
        return tally.count === 0
          ? { passed: true, message: 'no infinite values' }
          : {
              passed: false,
              message: `${rows(tally.count)} ${tally.count === 1 ? 'holds' : 'hold'} ±Infinity`,
            }
      },
    }
  },

  describe() {
    return 'no_infinite'
  },
}
