import type { BooleanColumn, CategoricalColumn, TextColumn } from '../column.js'
import type {
  BooleanProfile,
  CategoricalProfile,
  OtherValues,
  TextProfile,
  TopValue,
} from './dataset-profile.js'

/** A categorical column: one pass counting codes, then the dictionary is ranked, not the rows. */
export function profileCategorical(column: CategoricalColumn, top: number): CategoricalProfile {
  const { codes, dictionary } = column
  const counts = new Int32Array(dictionary.length)
  let missing = 0
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!
    if (code === -1) missing++
    else counts[code]!++
  }
  const ranked = rank(dictionary, counts, top, codes.length)
  return { name: column.name, type: 'categorical', count: codes.length, missing, ...ranked }
}

/** A text column: one pass counting values in a map and measuring lengths. */
export function profileText(column: TextColumn, top: number): TextProfile {
  const byValue = new Map<string, number>()
  let missing = 0
  let minLength = Number.POSITIVE_INFINITY
  let maxLength = 0
  let totalLength = 0
  for (const value of column.values) {
    if (value === null) {
      missing++
      continue
    }
    byValue.set(value, (byValue.get(value) ?? 0) + 1)
    const length = value.length
    totalLength += length
    if (length < minLength) minLength = length
    if (length > maxLength) maxLength = length
  }
  const present = column.values.length - missing
  const ranked = rank([...byValue.keys()], Int32Array.from(byValue.values()), top, column.values.length)
  return {
    name: column.name,
    type: 'text',
    count: column.values.length,
    missing,
    ...ranked,
    length: present === 0 ? null : { min: minLength, mean: totalLength / present, max: maxLength },
  }
}

/** A boolean column: one pass, three counters. */
export function profileBoolean(column: BooleanColumn): BooleanProfile {
  const values = column.values
  let trueCount = 0
  let falseCount = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v === 1) trueCount++
    else if (v === 0) falseCount++
  }
  return {
    name: column.name,
    type: 'boolean',
    count: values.length,
    missing: values.length - trueCount - falseCount,
    distinct: (trueCount > 0 ? 1 : 0) + (falseCount > 0 ? 1 : 0),
    trueCount,
    falseCount,
  }
}

/**
 * The `top` most frequent values (count descending, then value ascending by code unit, so the order
 * never depends on the order values were first seen) and the rest as `other`.
 */
function rank(
  values: readonly string[],
  counts: Int32Array,
  top: number,
  rows: number,
): { distinct: number; top: TopValue[]; other: OtherValues } {
  const present: number[] = []
  let total = 0
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! > 0) {
      present.push(i)
      total += counts[i]!
    }
  }
  present.sort((a, b) => counts[b]! - counts[a]! || compare(values[a]!, values[b]!))
  const frequency = (count: number) => (rows === 0 ? 0 : count / rows)
  const shown = present.slice(0, top).map((i) => {
    const count = counts[i]!
    return { value: values[i]!, count, frequency: frequency(count) }
  })
  const otherCount = total - shown.reduce((s, v) => s + v.count, 0)
  return {
    distinct: present.length,
    top: shown,
    other: { count: otherCount, frequency: frequency(otherCount), distinct: present.length - shown.length },
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
