import type { CategoricalValues } from './drift-columns.js'

/** How often each category occurs in a column: distinct present values and their counts, in order of first appearance. */
export interface CategoryCounts {
  readonly rows: number
  readonly missing: number
  readonly values: readonly string[]
  readonly counts: readonly number[]
}

/**
 * Counts a categorical column in one pass: one map lookup per row for strings and numbers (keyed by
 * the value, so nothing is allocated per row), one array increment per row for dictionary codes.
 * Missing: null, undefined and '' strings (also as a dictionary entry), code −1, NaN.
 */
export function countCategories(values: CategoricalValues): CategoryCounts {
  if (Array.isArray(values))
    return countKeys(values as readonly (string | null | undefined)[], (v) => v as string)
  if ('codes' in values) return countCodes(values.codes, values.dictionary)
  return countKeys(values, String)
}

function countKeys<K extends string | number | null | undefined>(
  keys: ArrayLike<K>,
  label: (key: K) => string,
): CategoryCounts {
  const slots = new Map<K, number>()
  const values: string[] = []
  const counts: number[] = []
  let missing = 0
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    // null, undefined, '' and NaN are all falsy, as is the number 0, which is a category.
    if (!key && key !== 0) {
      missing++
      continue
    }
    const slot = slots.get(key)
    if (slot === undefined) {
      slots.set(key, values.length)
      values.push(label(key))
      counts.push(1)
    } else counts[slot]!++
  }
  return { rows: keys.length, missing, values, counts }
}

function countCodes(codes: Int32Array, dictionary: readonly string[]): CategoryCounts {
  const byCode = new Float64Array(dictionary.length)
  let missing = 0
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!
    if (code < 0) missing++
    else byCode[code]!++
  }
  const values: string[] = []
  const counts: number[] = []
  dictionary.forEach((value, code) => {
    if (value === '') missing += byCode[code]!
    else if (byCode[code]! > 0) {
      values.push(value)
      counts.push(byCode[code]!)
    }
  })
  return { rows: codes.length, missing, values, counts }
}
