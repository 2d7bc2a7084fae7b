import type { Column } from '../../data/index.js'
import type { Frame } from '../feature-step.js'

/** Test helpers: small frames from literals. */

/** A numeric column from numbers (NaN missing). */
export const numeric = (name: string, values: readonly number[]): Column => ({
  name,
  type: 'numeric',
  values: Float64Array.from(values),
})

/** A categorical column from strings (null missing), dictionary in order of first appearance. */
export function categorical(name: string, values: readonly (string | null)[]): Column {
  const dictionary: string[] = []
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1
    const found = dictionary.indexOf(v)
    if (found !== -1) return found
    dictionary.push(v)
    return dictionary.length - 1
  })
  return { name, type: 'categorical', codes, dictionary }
}

/** A frame of these columns, in order. */
export const frameOf = (...columns: Column[]): Frame => new Map(columns.map((c) => [c.name, c]))

/** The values of a numeric column of `frame` as a plain array (for deepEqual; NaN compares equal there). */
export function valuesOf(frame: Frame, name: string): number[] {
  const column = frame.get(name)
  if (column?.type !== 'numeric') throw new Error(`no numeric column '${name}'`)
  return Array.from(column.values)
}
