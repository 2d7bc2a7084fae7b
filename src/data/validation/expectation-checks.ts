import { allowedCategoriesCheck } from './checks/allowed-categories-check.js'
import { columnTypeCheck } from './checks/column-type-check.js'
import { maxNullFractionCheck } from './checks/max-null-fraction-check.js'
import { noInfiniteCheck } from './checks/no-infinite-check.js'
import { rangeCheck } from './checks/range-check.js'
import { requiredCheck } from './checks/required-check.js'
import { rowCountCheck } from './checks/row-count-check.js'
import { uniqueCheck } from './checks/unique-check.js'
import type { Expectation, ExpectationKind, ExpectationOf } from './expectation.js'
import type { ExpectationCheck } from './expectation-check.js'

/** One check per kind: adding a kind to `Expectation` does not compile until it has an entry here. */
export const EXPECTATION_CHECKS: { readonly [K in ExpectationKind]: ExpectationCheck<ExpectationOf<K>> } = {
  required: requiredCheck,
  column_type: columnTypeCheck,
  max_null_fraction: maxNullFractionCheck,
  range: rangeCheck,
  allowed_categories: allowedCategoriesCheck,
  unique: uniqueCheck,
  row_count: rowCountCheck,
  no_infinite: noInfiniteCheck,
}

/** The check of an expectation's kind (TypeScript cannot correlate the kind and the table entry itself). */
export function checkOf<E extends Expectation>(expectation: E): ExpectationCheck<E> {
  return EXPECTATION_CHECKS[expectation.kind] as unknown as ExpectationCheck<E>
}
