export type {
  AllowedCategoriesExpectation,
  ColumnTypeExpectation,
  Expectation,
  ExpectationKind,
  ExpectationOf,
  MaxNullFractionExpectation,
  NoInfiniteExpectation,
  RangeExpectation,
  RequiredExpectation,
  RowCountExpectation,
  UniqueExpectation,
} from './expectation.js'
export { EXPECTATION_KINDS } from './expectation.js'
export { MAX_EXAMPLES } from './expectation-check.js'
export { parseExpectations } from './parse-expectations.js'
export { expectationsFromSchema } from './schema-expectations.js'
export { validateDataset } from './validate-dataset.js'
export {
  assertValid,
  type ExpectationResult,
  type FailingRow,
  formatValidationReport,
  type ValidationReport,
} from './validation-report.js'
