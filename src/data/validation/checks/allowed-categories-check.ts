import type { AllowedCategoriesExpectation } from '../expectation.js'
import { columnFor, type ExpectationCheck, rows, type Tally } from '../expectation-check.js'

/**
 * `allowed_categories`: every present value of a categorical or text column is one of `values`. A
 * categorical column is checked on its codes: the dictionary is looked up once, not once per row.
 */
export const allowedCategoriesCheck: ExpectationCheck<AllowedCategoriesExpectation> = {
  parse(fields) {
    return { kind: 'allowed_categories', column: fields.string('column'), values: fields.strings('values') }
  },

  plan(expectation, dataset) {
    const column = columnFor(dataset, expectation.column, ['categorical', 'text'], 'allowed_categories')
    if ('mode' in column) return column
    const allowed = new Set(expectation.values)
    let scan: (start: number, end: number, tally: Tally) => void
    if (column.type === 'categorical') {
      const codes = column.codes
      const ok = Uint8Array.from(column.dictionary, (value) => (allowed.has(value) ? 1 : 0))
      scan = (start, end, tally) => {
        for (let i = start; i < end; i++) {
          const code = codes[i]!
          if (code !== -1 && ok[code] === 0) tally.add(i)
        }
      }
    } else {
      const values = column.values
      scan = (start, end, tally) => {
        for (let i = start; i < end; i++) {
          const value = values[i]
          if (value != null && !allowed.has(value)) tally.add(i)
        }
      }
    }
    return {
      mode: 'scan',
      column,
      scan,
      judge(tally) {
        return tally.count === 0
          ? { passed: true, message: 'every present value is allowed' }
          : {
              passed: false,
              message: `${rows(tally.count)} ${tally.count === 1 ? 'holds' : 'hold'} a value not in ${listed(expectation.values)}`,
            }
      },
    }
  },

  describe(expectation) {
    return `allowed_categories ${listed(expectation.values)}`
  },
}

const LISTED_VALUES = 10

function listed(values: readonly string[]): string {
  const shown = values.slice(0, LISTED_VALUES).map((v) => JSON.stringify(v))
  if (values.length > LISTED_VALUES) shown.push(`... ${values.length - LISTED_VALUES} more`)
  return `{${shown.join(', ')}}`
}
