import { closestMatch, invalidValue } from '../../shared/index.js'

/*
 * Readers of an alerts file's values. Each names the field it reads (`alerts.churn.conditions[1].threshold`)
 * in its `INVALID_PARAMETER_VALUE`.
 */

/**
 * A mapping; with `keys`, refuses any other key (suggesting the nearest). `at` ends with the
 * separator before a key (`alerts.churn.`), or is '' at the top of the file.
 */
export function mappingOf<K extends string>(
  value: unknown,
  at: string,
  keys?: readonly K[],
): Partial<Record<K, unknown>> {
  const where = at.replace(/\.$/, '') || 'file'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue(
      where,
      keys ? `must be a mapping of ${keys.join(', ')}` : 'must be a mapping by model name',
    )
  }
  for (const key of Object.keys(value)) {
    if (keys && !(keys as readonly string[]).includes(key)) {
      const guess = closestMatch(key, keys)
      throw invalidValue(
        `${at}${key}`,
        `unknown setting${guess ? ` (did you mean '${guess}'?)` : ''}; the settings are ${keys.join(', ')}`,
      )
    }
  }
  return value as Partial<Record<K, unknown>>
}

export function required(value: unknown, field: string): unknown {
  if (value === undefined) throw invalidValue(field, 'is required')
  return value
}

/** A number for which `check` holds; `range` says which in the message (`a share from 0 to 1`). */
export function numberIn(
  value: unknown,
  field: string,
  check: (x: number) => boolean,
  range: string,
): number {
  if (typeof value !== 'number') throw invalidValue(field, `must be a number, got ${JSON.stringify(value)}`)
  if (!check(value)) throw invalidValue(field, `must be ${range}, got ${value}`)
  return value
}

/** A whole number of at least 1, or `fallback` when absent. */
export function countOf(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw invalidValue(field, `must be a whole number of at least 1, got ${JSON.stringify(value)}`)
  }
  return value as number
}

/** A string that is not blank. */
export function textOf(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalidValue(field, `must be a string, got ${JSON.stringify(value)}`)
  if (value.trim() === '') throw invalidValue(field, 'must not be empty')
  return value
}

/** An absolute http or https URL, as written. */
export function httpUrl(value: unknown, field: string): string {
  const text = textOf(value, field)
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw invalidValue(field, `'${text}' is not an http(s) URL`)
  }
  return text
}
