import type { Column } from '../../column.js'
import type { UniqueExpectation } from '../expectation.js'
import { type ExpectationCheck, failed, rows, type Tally } from '../expectation-check.js'

/**
 * `unique`: no present value appears twice. Failing rows are the repeats (second and later
 * occurrences), so the count is "rows to drop to make the column unique". Missing values are skipped.
 */
export const uniqueCheck: ExpectationCheck<UniqueExpectation> = {
  parse(fields) {
    return { kind: 'unique', column: fields.string('column') }
  },

  plan(expectation, dataset) {
    const name = expectation.column
    if (!dataset.has(name)) return failed(name, `column '${name}' is absent`)
    const column = dataset.column(name)
    return {
      mode: 'scan',
      column,
      scan: repeatScan(column),
      judge(tally) {
        return tally.count === 0
          ? { passed: true, message: 'every present value is distinct' }
          : {
              passed: false,
              message: `${rows(tally.count)} ${tally.count === 1 ? 'repeats' : 'repeat'} an earlier value`,
            }
      },
    }
  },

  describe() {
    return 'unique'
  },
}

/** A scan that remembers what it has seen across blocks; the state lives in the closure. */
function repeatScan(column: Column): (start: number, end: number, tally: Tally) => void {
  switch (column.type) {
    case 'numeric':
    case 'datetime': {
      const values = column.values
      const seen = new Set<number>()
      return (start, end, tally) => {
        for (let i = start; i < end; i++) {
          const v = values[i]!
          if (Number.isNaN(v)) continue
          if (seen.has(v)) tally.add(i)
          else seen.add(v)
        }
      }
    }
    case 'categorical': {
      // One flag per dictionary entry; two entries never hold the same string, so codes compare as values.
      const codes = column.codes
      const seen = new Uint8Array(column.dictionary.length)
      return (start, end, tally) => {
        for (let i = start; i < end; i++) {
          const code = codes[i]!
          if (code === -1) continue
          if (seen[code] === 1) tally.add(i)
          else seen[code] = 1
        }
      }
    }
    case 'boolean': {
      const values = column.values
      const seen = new Uint8Array(2)
      return (start, end, tally) => {
        for (let i = start; i < end; i++) {
          const v = values[i]!
          if (v === -1) continue
          if (seen[v] === 1) tally.add(i)
          else seen[v] = 1
        }
      }
    }
    case 'text': {
      const values = column.values
      const seen = new Set<string>()
      return (start, end, tally) => {
        for (let i = start; i < end; i++) {
          const v = values[i]
          if (v == null) continue
          if (seen.has(v)) tally.add(i)
          else seen.add(v)
        }
      }
    }
  }
}
