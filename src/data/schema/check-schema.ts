import { type Column, type ColumnType, columnLength, isMissingAt } from '../column.js'
import type { Dataset, DatasetSchema } from '../dataset.js'

/** One way a dataset departs from the schema it was expected to have. */
export type SchemaMismatch =
  | { readonly kind: 'missing_column'; readonly column: string; readonly message: string }
  | {
      readonly kind: 'wrong_type'
      readonly column: string
      readonly expected: ColumnType
      readonly actual: ColumnType
      readonly message: string
    }
  | {
      readonly kind: 'unexpected_nulls'
      readonly column: string
      /** How many values are missing. */
      readonly count: number
      /** The first missing rows (0-based), at most five. */
      readonly rows: readonly number[]
      readonly message: string
    }

const EXAMPLE_ROWS = 5

/**
 * Compares a dataset with the schema it should have: every expected column present, of the
 * expected type, and without missing values when the schema says it is not nullable. Columns the
 * schema does not mention are allowed. Returns the mismatches in schema order (empty when it
 * conforms), each with a message naming the column and what was expected; it never throws.
 *
 * @example
 * for (const m of checkSchema(dataset, savedSchema)) console.error(m.message)
 */
export function checkSchema(dataset: Dataset, expected: DatasetSchema): SchemaMismatch[] {
  const mismatches: SchemaMismatch[] = []
  for (const want of expected.columns) {
    if (!dataset.has(want.name)) {
      mismatches.push({
        kind: 'missing_column',
        column: want.name,
        message: `column '${want.name}' (${want.type}) is missing; the dataset has ${listNames(dataset.columnNames)}`,
      })
      continue
    }
    const column = dataset.column(want.name)
    if (column.type !== want.type) {
      mismatches.push({
        kind: 'wrong_type',
        column: want.name,
        expected: want.type,
        actual: column.type,
        message: `column '${want.name}' is ${column.type}; the schema says ${want.type}`,
      })
      continue
    }
    if (!want.nullable) {
      const missing = missingRows(column)
      if (missing.count > 0) {
        mismatches.push({
          kind: 'unexpected_nulls',
          column: want.name,
          count: missing.count,
          rows: missing.rows,
          message:
            `column '${want.name}' has ${missing.count} missing value${missing.count === 1 ? '' : 's'} ` +
            `(row${missing.rows.length === 1 ? '' : 's'} ${missing.rows.join(', ')}${missing.count > missing.rows.length ? ', ...' : ''}); ` +
            'the schema says it is not nullable',
        })
      }
    }
  }
  return mismatches
}

function missingRows(column: Column): { count: number; rows: number[] } {
  const rows: number[] = []
  let count = 0
  const n = columnLength(column)
  for (let i = 0; i < n; i++) {
    if (isMissingAt(column, i)) {
      count++
      if (rows.length < EXAMPLE_ROWS) rows.push(i)
    }
  }
  return { count, rows }
}

function listNames(names: readonly string[]): string {
  return names.length === 0 ? 'no columns' : names.map((n) => `'${n}'`).join(', ')
}
