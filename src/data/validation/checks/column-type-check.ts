import type { ColumnTypeExpectation } from '../expectation.js'
import { type ExpectationCheck, failed, passed } from '../expectation-check.js'

/** `column_type`: the column has this logical type. Decided from the column itself, no rows read. */
export const columnTypeCheck: ExpectationCheck<ColumnTypeExpectation> = {
  parse(fields) {
    return { kind: 'column_type', column: fields.string('column'), type: fields.columnType('type') }
  },

  plan(expectation, dataset) {
    const name = expectation.column
    if (!dataset.has(name)) return failed(name, `column '${name}' is absent`)
    const actual = dataset.column(name).type
    return actual === expectation.type
      ? passed(name, `is ${actual}`)
      : failed(name, `is ${actual}, expected ${expectation.type}`)
  },

  describe(expectation) {
    return `column_type ${expectation.type}`
  },
}
