import type { Column, Dataset, NumericArray } from '../../data/index.js'
import { invalidValue } from '../../shared/index.js'
import type { FeatureKind } from './drift-test.js'

/** Dictionary-encoded categories, as a `Dataset`'s categorical column holds them: code −1 is missing. */
export interface EncodedCategories {
  readonly codes: Int32Array
  readonly dictionary: readonly string[]
}

/**
 * A categorical column's values in any of the forms they arrive in: strings (null, undefined and ''
 * are missing; the prediction log's form), dictionary codes (a `Dataset`'s), or numbers to be read
 * as categories, written as `String(v)` (NaN missing), for a categorical feature a log returned as
 * numbers.
 */
export type CategoricalValues = readonly (string | null | undefined)[] | EncodedCategories | NumericArray

/** A column's values: numbers (NaN missing) or categories. */
export type ColumnValues = NumericArray | CategoricalValues

/** A named column and how drift reads it. */
export type DriftColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: NumericArray }
  | { readonly name: string; readonly kind: 'categorical'; readonly values: CategoricalValues }

/** True for typed-array (numeric) values. */
export function isNumericValues(values: ColumnValues): values is NumericArray {
  return values instanceof Float64Array || values instanceof Float32Array
}

/**
 * The columns of `dataset` as drift reads them, in the order of `names` (default: every column but
 * datetimes, whose values move with time and so always drift). Numbers stay numeric; categories,
 * booleans (`'false'`/`'true'`, as the prediction log writes them) and text are categorical; a named
 * datetime column is numeric (epoch ms).
 */
export function driftColumnsOf(dataset: Dataset, names?: readonly string[]): DriftColumn[] {
  const chosen = names ?? dataset.columns.filter((c) => c.type !== 'datetime').map((c) => c.name)
  return chosen.map((name) => driftColumn(dataset.column(name)))
}

function driftColumn(column: Column): DriftColumn {
  const name = column.name
  switch (column.type) {
    case 'numeric':
    case 'datetime':
      return { name, kind: 'numeric', values: column.values }
    case 'categorical':
      return { name, kind: 'categorical', values: { codes: column.codes, dictionary: column.dictionary } }
    case 'boolean':
      return {
        name,
        kind: 'categorical',
        values: { codes: Int32Array.from(column.values), dictionary: ['false', 'true'] },
      }
    case 'text':
      return { name, kind: 'categorical', values: column.values }
  }
}

/** Throws unless `values` suit a feature of `kind`: numbers for numeric, anything for categorical. */
export function checkValuesFor(kind: FeatureKind, name: string, values: ColumnValues): void {
  if (kind === 'numeric' && !isNumericValues(values)) {
    throw invalidValue(name, 'is a numeric feature, so its values must be a Float64Array or Float32Array')
  }
}
