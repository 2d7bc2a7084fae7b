import { type Column, type Dataset, isMissingAt, valueAt } from '../data/index.js'
import { invalidValue, ShipyardError } from '../shared/index.js'
import type { ClassLabels, Task } from './training-data.js'

/** The most classes a classifier is trained for. */
export const MAX_CLASSES = 100

/** A target column turned into what trainers learn from. */
export interface PreparedTarget {
  readonly task: Task
  /** Class indices (classification) or values (regression), one per row. */
  readonly labels: Float64Array
  /** The classes in index order; null for regression. */
  readonly classes: ClassLabels | null
}

/**
 * Reads the target column of the training data and settles the task. `auto`: a boolean, categorical or
 * text target is classification (binary with two classes, multiclass above); a numeric target with
 * exactly two distinct values is binary, any other numeric target is regression (ask for `multiclass`
 * to treat integer codes as classes). Classes are ordered: numbers ascending, strings in code-unit
 * order, `false` before `true`.
 *
 * Refused with `INVALID_PARAMETER_VALUE`, before anything trains: a missing column (the error lists the
 * columns), missing target values (how many, and the first rows), a non-finite regression target, a
 * single class, more than `MAX_CLASSES` classes, a datetime target, a task the column cannot serve.
 */
export function prepareTarget(dataset: Dataset, target: string, task: Task | 'auto'): PreparedTarget {
  const column = targetColumn(dataset, target)
  refuseMissing(column, dataset.rowCount)
  if (column.type === 'datetime') throw targetError(target, 'is a datetime; predict a number or a class')
  const resolved = task === 'auto' ? inferTask(column) : task
  if (resolved === 'regression') return { task: resolved, labels: regressionLabels(column), classes: null }
  const classes = classesOf(column)
  if (classes.values.length < 2) {
    throw targetError(
      target,
      `has a single class (${String(classes.values[0])}); a classifier needs two or more`,
    )
  }
  if (classes.values.length > MAX_CLASSES) {
    throw targetError(target, `has ${classes.values.length} classes; at most ${MAX_CLASSES} are supported`)
  }
  if (resolved === 'binary' && classes.values.length !== 2) {
    throw targetError(target, `has ${classes.values.length} classes; binary needs exactly 2 (use multiclass)`)
  }
  const settled: Task = resolved === 'multiclass' && classes.values.length === 2 ? 'binary' : resolved
  return { task: settled, labels: encodeTarget(dataset, target, classes), classes }
}

/**
 * The labels of other data (validation, test) under the training data's classes: class indices, or
 * values for regression (`classes` null). A class the model never saw, or a missing value, is an error
 * naming the row.
 */
export function encodeTarget(dataset: Dataset, target: string, classes: ClassLabels | null): Float64Array {
  const column = targetColumn(dataset, target)
  refuseMissing(column, dataset.rowCount)
  if (classes === null) return regressionLabels(column)
  const index = new Map<string, number>(classes.values.map((v, i) => [String(v), i]))
  const labels = new Float64Array(dataset.rowCount)
  for (let row = 0; row < dataset.rowCount; row++) {
    const key = String(valueAt(column, row))
    const k = index.get(key)
    if (k === undefined) {
      const known = classes.values.map((v) => `'${v}'`).join(', ')
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `target '${target}' row ${row} has class '${key}', which the training data did not have (classes: ${known})`,
        { details: { column: target, row } },
      )
    }
    labels[row] = k
  }
  return labels
}

function targetColumn(dataset: Dataset, target: string): Column {
  if (!dataset.has(target)) {
    const names = dataset.columnNames.map((n) => `'${n}'`).join(', ')
    throw invalidValue('target', `the data has no column '${target}'; the columns are ${names}`)
  }
  return dataset.column(target)
}

function refuseMissing(column: Column, rows: number): void {
  const missing: number[] = []
  let count = 0
  for (let row = 0; row < rows; row++) {
    if (isMissingAt(column, row)) {
      count++
      if (missing.length < 5) missing.push(row)
    }
  }
  if (count > 0) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `target '${column.name}' is missing in ${count} of ${rows} rows (rows ${missing.join(', ')}${count > 5 ? ', ...' : ''}); drop or fill them before training`,
      { details: { column: column.name, rows: missing, count } },
    )
  }
}

function inferTask(column: Column): Task {
  if (column.type !== 'numeric') return distinctCount(column) > 2 ? 'multiclass' : 'binary'
  const seen = new Set<number>()
  for (const v of column.values) {
    seen.add(v)
    if (seen.size > 2) return 'regression'
  }
  // One distinct value is a (failed) classification: the single-class error says more than a constant regression.
  return 'binary'
}

function distinctCount(column: Column): number {
  switch (column.type) {
    case 'categorical':
      return new Set(column.codes).size
    case 'text':
      return new Set(column.values).size
    default:
      return 2
  }
}

function regressionLabels(column: Column): Float64Array {
  if (column.type !== 'numeric' && column.type !== 'boolean') {
    throw targetError(column.name, `is ${column.type}; regression needs a numeric target`)
  }
  const labels = Float64Array.from(column.values)
  const bad = labels.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `target '${column.name}' row ${bad} is ${labels[bad]}; regression targets must be finite`,
      { details: { column: column.name, row: bad } },
    )
  }
  return labels
}

function classesOf(column: Column): ClassLabels {
  switch (column.type) {
    case 'numeric': {
      const values = [...new Set(column.values)].sort((a, b) => a - b)
      return values.every(Number.isInteger)
        ? { kind: 'int64', values }
        : { kind: 'string', values: values.map(String) }
    }
    case 'boolean': {
      const values = [...new Set(column.values)].sort().map((v) => String(v === 1))
      return { kind: 'string', values }
    }
    case 'categorical': {
      const used = [...new Set(column.codes)].map((c) => column.dictionary[c]!)
      return { kind: 'string', values: used.sort(compareText) }
    }
    case 'text':
      return { kind: 'string', values: [...new Set(column.values as string[])].sort(compareText) }
    case 'datetime':
      throw targetError(column.name, 'is a datetime; predict a number or a class')
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function targetError(target: string, message: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `target '${target}' ${message}`, {
    details: { column: target },
  })
}
