import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { Column, ColumnOf, ColumnType } from '../column.js'
import type { Dataset } from '../dataset.js'
import type { HoldoutSplit, SplitReport } from './split.js'

/** Where each row goes, as a byte per row: the shared working form of every holdout strategy. */
export const TRAIN = 0
export const TEST = 1
export const EXCLUDED = 2

/**
 * Turns a per-row side mask into the sorted index arrays of a `HoldoutSplit`, after checking that
 * neither side is empty (`INVALID_PARAMETER_VALUE` naming the empty side and `why`).
 */
export function holdoutFromMask(
  side: Uint8Array,
  what: string,
  extra: Omit<SplitReport, 'rows' | 'train' | 'test' | 'excluded'> = {},
): HoldoutSplit {
  const counts = [0, 0, 0]
  for (let i = 0; i < side.length; i++) counts[side[i]!]!++
  const parts = [
    new Int32Array(counts[TRAIN]!),
    new Int32Array(counts[TEST]!),
    new Int32Array(counts[EXCLUDED]!),
  ]
  const fill = [0, 0, 0]
  // One ascending pass fills all three, so each comes out sorted without a sort.
  for (let i = 0; i < side.length; i++) {
    const s = side[i]!
    parts[s]![fill[s]!++] = i
  }
  const [train, test, excluded] = parts as [Int32Array, Int32Array, Int32Array]
  if (train.length === 0) throw emptySide('train', what)
  if (test.length === 0) throw emptySide('test', what)
  return {
    kind: 'holdout',
    train,
    test,
    excluded,
    report: {
      rows: side.length,
      train: train.length,
      test: test.length,
      excluded: excluded.length,
      ...extra,
    },
  }
}

/** The error for a split that would leave `side` without rows. */
export function emptySide(side: 'train' | 'test', why: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `${why}: the ${side} side would be empty`, {
    details: { side },
  })
}

/** `testFraction` must be a finite number strictly between 0 and 1. */
export function checkFraction(value: number, field = 'testFraction'): number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw invalidValue(field, `must be a number strictly between 0 and 1, got ${String(value)}`)
  }
  return value
}

/** `seed` must be a safe integer (the same rule as `Random`). */
export function checkSeed(value: number): number {
  if (!Number.isSafeInteger(value)) throw invalidValue('seed', `must be a safe integer, got ${String(value)}`)
  return value
}

/** A split needs two rows at least; fewer is an error naming the row count. */
export function checkRows(dataset: Dataset, what: string, minimum = 2): void {
  if (dataset.rowCount < minimum) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${what}: the dataset has ${dataset.rowCount} row${dataset.rowCount === 1 ? '' : 's'}; at least ${minimum} are needed`,
      { details: { rows: dataset.rowCount } },
    )
  }
}

/**
 * The test size a fraction asks for: `round(fraction * rows)`, half rounding up. Throws (naming the
 * side) when that leaves either side empty, e.g. a fraction of 0.01 on 20 rows.
 */
export function testRowTarget(rows: number, fraction: number, what: string): number {
  const target = Math.round(fraction * rows)
  const why = `${what}: testFraction ${fraction} of ${rows} rows is ${target} test rows`
  if (target === 0) throw emptySide('test', why)
  if (target === rows) throw emptySide('train', why)
  return target
}

/**
 * The named column for a strategy, checked for type. An unknown name is `INVALID_PARAMETER_VALUE`
 * naming `field`, the column and the columns there are; a wrong type names the type and the allowed ones.
 */
export function requireColumn<T extends ColumnType>(
  dataset: Dataset,
  field: string,
  name: string,
  allowed: readonly T[],
  what: string,
): ColumnOf<T> {
  if (!dataset.has(name)) {
    const names = dataset.columnNames.map((n) => `'${n}'`).join(', ')
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${field}: no column '${name}'; the dataset has ${names || 'no columns'}`,
      { details: { field, column: name, columns: dataset.columnNames } },
    )
  }
  return checkColumnType(dataset.column(name), field, allowed, what)
}

/** `column` if its type is one of `allowed`, else `INVALID_PARAMETER_VALUE` naming field, column and types. */
export function checkColumnType<T extends ColumnType>(
  column: Column,
  field: string,
  allowed: readonly T[],
  what: string,
): ColumnOf<T> {
  if (!(allowed as readonly ColumnType[]).includes(column.type)) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${field}: column '${column.name}' is ${column.type}; ${what} needs a ${allowed.join(' or ')} column`,
      { details: { field, column: column.name, type: column.type, allowed } },
    )
  }
  return column as ColumnOf<T>
}

/** 0, 1, ..., n-1. */
export function iota(n: number): Int32Array {
  const a = new Int32Array(n)
  for (let i = 0; i < n; i++) a[i] = i
  return a
}
