import type { Column, ColumnOf, ColumnType } from '../column.js'
import type { Dataset } from '../dataset.js'
import type { Expectation } from './expectation.js'
import type { FieldReader } from './field-reader.js'

/** How many failing rows a result shows. */
export const MAX_EXAMPLES = 5

/** The failing rows of one expectation as a scan finds them: their count and the first few indices. */
export class Tally {
  #count = 0
  readonly #rows: number[] = []

  /** Records row `row` as failing. */
  add(row: number): void {
    this.#count++
    if (this.#rows.length < MAX_EXAMPLES) this.#rows.push(row)
  }

  get count(): number {
    return this.#count
  }

  /** The first `MAX_EXAMPLES` failing rows, ascending. */
  get rows(): readonly number[] {
    return this.#rows
  }
}

/** The outcome of one expectation, in words for people. */
export interface Verdict {
  readonly passed: boolean
  readonly message: string
}

/**
 * What a check makes of its expectation before any row is read: either already decided (an absent
 * column, a wrong type, a row count) or a scan of one column.
 */
export type CheckPlan = DecidedPlan | ScanPlan

/** Decided without reading rows. */
export interface DecidedPlan extends Verdict {
  readonly mode: 'decided'
  /** The column concerned, when there is one. */
  readonly column: string | null
}

/**
 * A scan of one column. The validator reads each column once, in blocks: every scan on that column
 * runs over a block while it is in cache, so several expectations on a column cost one pass over memory.
 */
export interface ScanPlan {
  readonly mode: 'scan'
  readonly column: Column
  /** Adds each failing row in `[start, end)` to `tally`, in ascending order. */
  scan(start: number, end: number, tally: Tally): void
  /** The verdict once every row was scanned. */
  judge(tally: Tally, rowCount: number): Verdict
}

/**
 * One expectation kind: how to read it from JSON, check it, and name it in a report. One per kind in
 * `EXPECTATION_CHECKS` (`checks/<kind>-check.ts`); `range-check.ts` is the example to copy.
 */
export interface ExpectationCheck<E extends Expectation> {
  /** Reads the kind's fields (`kind` itself is already read); the reader names any bad field. */
  parse(fields: FieldReader): E
  plan(expectation: E, dataset: Dataset): CheckPlan
  /** A short name for reports: `range [0, 120]`. The column is printed beside it, not in it. */
  describe(expectation: E): string
}

/**
 * The named column when it exists and has one of `types`; otherwise the failed plan that says why.
 * Shared by every column-level check so absent columns and wrong types read the same everywhere.
 */
export function columnFor<T extends ColumnType>(
  dataset: Dataset,
  name: string,
  types: readonly T[],
  what: string,
): ColumnOf<T> | DecidedPlan {
  if (!dataset.has(name)) return failed(name, `column '${name}' is absent`)
  const column: Column = dataset.column(name)
  if (!isOfType(column, types)) {
    return failed(name, `${what} applies to ${types.join(' or ')} columns; '${name}' is ${column.type}`)
  }
  return column
}

function isOfType<T extends ColumnType>(column: Column, types: readonly T[]): column is ColumnOf<T> {
  return (types as readonly ColumnType[]).includes(column.type)
}

/** A decided failure on a column. */
export function failed(column: string | null, message: string): DecidedPlan {
  return { mode: 'decided', passed: false, column, message }
}

/** A decided pass on a column. */
export function passed(column: string | null, message: string): DecidedPlan {
  return { mode: 'decided', passed: true, column, message }
}

/** `n rows` / `1 row`, with thousands separators. */
export function rows(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`
}
