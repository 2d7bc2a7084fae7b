import type { Column } from '../../column.js'
import type { MaxNullFractionExpectation } from '../expectation.js'
import { type ExpectationCheck, failed, rows, type Tally } from '../expectation-check.js'

/**
 * `max_null_fraction`: at most `max` of the rows are missing. The failing count is the number of missing
 * rows (reported even when the fraction passes); an empty dataset has fraction 0 and passes.
 */
export const maxNullFractionCheck: ExpectationCheck<MaxNullFractionExpectation> = {
  parse(fields) {
    return { kind: 'max_null_fraction', column: fields.string('column'), max: fields.numberIn('max', 0, 1) }
  },

  plan(expectation, dataset) {
    const name = expectation.column
    if (!dataset.has(name)) return failed(name, `column '${name}' is absent`)
    const column = dataset.column(name)
    return {
      mode: 'scan',
      column,
      scan: missingScan(column),
      judge(tally, rowCount) {
        const fraction = rowCount === 0 ? 0 : tally.count / rowCount
        const found = `${rows(tally.count)} of ${rowCount.toLocaleString('en-US')} missing (${percent(fraction)})`
        return fraction <= expectation.max
          ? { passed: true, message: found }
          : { passed: false, message: `${found}; at most ${percent(expectation.max)} allowed` }
      },
    }
  },

  describe(expectation) {
    return expectation.max === 0 ? 'not null' : `max_null_fraction ${expectation.max}`
  },
}

/** A tight loop per storage type: each reports the missing rows of a block. */
function missingScan(column: Column): (start: number, end: number, tally: Tally) => void {
  switch (column.type) {
    case 'numeric':
    case 'datetime': {
      const values = column.values
      return (start, end, tally) => {
        for (let i = start; i < end; i++) if (Number.isNaN(values[i])) tally.add(i)
      }
    }
    case 'categorical': {
      const codes = column.codes
      return (start, end, tally) => {
        for (let i = start; i < end; i++) if (codes[i] === -1) tally.add(i)
      }
    }
    case 'boolean': {
      const values = column.values
      return (start, end, tally) => {
        for (let i = start; i < end; i++) if (values[i] === -1) tally.add(i)
      }
    }
    case 'text': {
      const values = column.values
      return (start, end, tally) => {
        for (let i = start; i < end; i++) if (values[i] === null) tally.add(i)
      }
    }
  }
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`
}
