import type { Column, NumericArray, NumericColumn } from '../data/index.js'
import { ShipyardError } from '../shared/index.js'
import type { Frame } from './feature-step.js'

/**
 * Helpers every step uses to read and write frame columns, so that each step's bad-input
 * messages read the same. Errors are `INVALID_PARAMETER_VALUE` naming the step type and the column;
 * the pipeline prefixes them with the step's position (`steps[2]`).
 */

/** A step failure naming the step type and, in `details`, the column. */
export function stepError(step: string, column: string, message: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `${step}: column '${column}' ${message}`, {
    details: { step, column },
  })
}

/** The named column of `frame`; an error listing the columns there are when it is absent. */
export function requireColumn(frame: Frame, step: string, name: string): Column {
  const column = frame.get(name)
  if (column) return column
  const names = [...frame.keys()].map((n) => `'${n}'`).join(', ')
  throw stepError(step, name, `does not exist; the frame has ${names || 'no columns'}`)
}

/**
 * The column as numbers: numeric columns as they are (no copy), booleans as 1/0 with NaN for
 * missing. Categorical, text and datetime columns are an error: encode them first (one_hot,
 * ordinal, hash, datetime_parts).
 */
export function numericValues(frame: Frame, step: string, name: string): NumericArray {
  const column = requireColumn(frame, step, name)
  if (column.type === 'numeric') return column.values
  if (column.type === 'boolean') {
    const out = new Float64Array(column.values.length)
    for (let i = 0; i < out.length; i++) {
      const v = column.values[i]!
      out[i] = v === -1 ? Number.NaN : v
    }
    return out
  }
  throw stepError(step, name, `is ${column.type}; ${step} needs a numeric or boolean column`)
}

/** A float64 numeric column. */
export function numericColumn(name: string, values: Float64Array): NumericColumn {
  return { name, type: 'numeric', values }
}

/** A copy of `frame` with `columns` added or replaced (a replaced column keeps its position). */
export function withColumns(frame: Frame, columns: readonly Column[]): Frame {
  const out = new Map(frame)
  for (const column of columns) out.set(column.name, column)
  return out
}
