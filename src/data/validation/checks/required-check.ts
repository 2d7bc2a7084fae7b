import type { RequiredExpectation } from '../expectation.js'
import { type ExpectationCheck, failed, passed } from '../expectation-check.js'

/** Names shown when listing the columns a dataset does have. */
const LISTED_COLUMNS = 20

/** `required`: the column exists. Decided from the dataset's column names, no rows read. */
export const requiredCheck: ExpectationCheck<RequiredExpectation> = {
  parse(fields) {
    return { kind: 'required', column: fields.string('column') }
  },

  plan(expectation, dataset) {
    if (dataset.has(expectation.column)) return passed(expectation.column, 'present')
    const names = dataset.columnNames
    const listed = names
      .slice(0, LISTED_COLUMNS)
      .map((n) => `'${n}'`)
      .join(', ')
    const more = names.length > LISTED_COLUMNS ? ` and ${names.length - LISTED_COLUMNS} more` : ''
    return failed(
      expectation.column,
      names.length === 0 ? 'absent; the dataset has no columns' : `absent; the dataset has ${listed}${more}`,
    )
  },

  describe() {
    return 'required'
  },
}
