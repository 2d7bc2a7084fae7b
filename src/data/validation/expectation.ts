import type { ColumnType } from '../column.js'

/**
 * Declarative expectations about a dataset: a closed, `kind`-tagged union of plain JSON values, so a
 * schema file (`{"expectations": [...]}`) holds them as they are. `parseExpectations` reads that file;
 * `validateDataset` checks them. Every kind has one handler in `EXPECTATION_CHECKS`, so a new kind
 * does not compile until it is parsed, checked and described.
 *
 * Missing values (NaN, code -1, null) are never a violation of a value rule (range, categories,
 * uniqueness, no_infinite): forbidding them is `max_null_fraction`'s job, once.
 */
export type Expectation =
  | RequiredExpectation
  | ColumnTypeExpectation
  | MaxNullFractionExpectation
  | RangeExpectation
  | AllowedCategoriesExpectation
  | UniqueExpectation
  | RowCountExpectation
  | NoInfiniteExpectation

/** The tag of an expectation. */
export type ExpectationKind = Expectation['kind']

/** The expectation of a given kind. */
export type ExpectationOf<K extends ExpectationKind> = Extract<Expectation, { kind: K }>

/** Every kind, in the order the docs list them. */
export const EXPECTATION_KINDS = [
  'required',
  'column_type',
  'max_null_fraction',
  'range',
  'allowed_categories',
  'unique',
  'row_count',
  'no_infinite',
] as const satisfies readonly ExpectationKind[]

/** The column exists. */
export interface RequiredExpectation {
  readonly kind: 'required'
  readonly column: string
}

/** The column has this logical type. */
export interface ColumnTypeExpectation {
  readonly kind: 'column_type'
  readonly column: string
  readonly type: ColumnType
}

/** At most `max` (0..1) of the rows are missing; `max: 0` means "not null". An empty dataset passes. */
export interface MaxNullFractionExpectation {
  readonly kind: 'max_null_fraction'
  readonly column: string
  readonly max: number
}

/**
 * Every present value of a numeric or datetime (epoch ms) column lies in `[min, max]`, both inclusive.
 * An omitted bound is no bound on that side. NaN is missing, not out of range; ±Infinity is out of range
 * unless the bound on its side is omitted or infinite.
 */
export interface RangeExpectation {
  readonly kind: 'range'
  readonly column: string
  readonly min?: number
  readonly max?: number
}

/** Every present value of a categorical or text column is one of `values`. */
export interface AllowedCategoriesExpectation {
  readonly kind: 'allowed_categories'
  readonly column: string
  readonly values: readonly string[]
}

/**
 * No present value appears twice (missing values are not compared, as in SQL). The failing rows are
 * the second and later occurrences. Numbers compare by value, so 0 and -0 are the same value.
 */
export interface UniqueExpectation {
  readonly kind: 'unique'
  readonly column: string
}

/** The dataset has between `min` and `max` rows, both inclusive; an omitted bound is no bound. */
export interface RowCountExpectation {
  readonly kind: 'row_count'
  readonly min?: number
  readonly max?: number
}

/** A numeric or datetime column holds no +Infinity or -Infinity (division by zero upstream, usually). */
export interface NoInfiniteExpectation {
  readonly kind: 'no_infinite'
  readonly column: string
}
