import { invalidValue } from '../../../shared/index.js'
import type { RowCountExpectation } from '../expectation.js'
import { type ExpectationCheck, failed, passed, rows } from '../expectation-check.js'

/** `row_count`: the dataset has between `min` and `max` rows. Decided from the row count alone. */
export const rowCountCheck: ExpectationCheck<RowCountExpectation> = {
  parse(fields) {
    const min = fields.optionalCount('min')
    const max = fields.optionalCount('max')
    if (min === undefined && max === undefined) {
      throw invalidValue(fields.field('min'), 'a row count needs min, max or both')
    }
    if (min !== undefined && max !== undefined && min > max) {
      throw invalidValue(fields.field('min'), `${min} is greater than max ${max}`)
    }
    return { kind: 'row_count', ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) }
  },

  plan(expectation, dataset) {
    const n = dataset.rowCount
    if (expectation.min !== undefined && n < expectation.min) {
      return failed(null, `${rows(n)}; expected at least ${expectation.min.toLocaleString('en-US')}`)
    }
    if (expectation.max !== undefined && n > expectation.max) {
      return failed(null, `${rows(n)}; expected at most ${expectation.max.toLocaleString('en-US')}`)
    }
    return passed(null, rows(n))
  },

  describe(expectation) {
    return `row_count [${expectation.min ?? 0}, ${expectation.max ?? 'Infinity'}]`
  },
}
