import { InvalidArgumentError } from 'commander'
import { invalidValue } from '../shared/index.js'

/** Commander's collector for a repeatable option (`--tag a=1 --tag b=2`, `--param a=1 --param b=2`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

/**
 * `key=value` entries of a repeatable flag as a record (a later key wins), both sides trimmed. An
 * entry without `=` or with an empty key is `INVALID_PARAMETER_VALUE` naming the flag and `example`.
 *
 * @example keyValues('--tag', ['team=risk'], 'team=risk') // { team: 'risk' }
 */
export function keyValues(
  flag: string,
  entries: readonly string[] | undefined,
  example: string,
): Record<string, string> {
  const record: Record<string, string> = {}
  for (const entry of entries ?? []) {
    const at = entry.indexOf('=')
    if (at <= 0) throw invalidValue(flag, `'${entry}' must read key=value, e.g. ${flag} ${example}`)
    record[entry.slice(0, at).trim()] = entry.slice(at + 1).trim()
  }
  return record
}

/** `key=number` entries (`--metric auc=0.91`); a value that is not a number names the entry. */
export function numericKeyValues(flag: string, entries: readonly string[] = []): Record<string, number> {
  return Object.fromEntries(
    Object.entries(keyValues(flag, entries, 'auc=0.91')).map(([key, text]) => {
      const value = Number(text)
      if (text === '' || Number.isNaN(value)) {
        throw invalidValue(flag, `'${key}=${text}': the value must be a number, e.g. ${flag} auc=0.91`)
      }
      return [key, value]
    }),
  )
}

/** A comma-separated list (`--features a,b,c`), blanks dropped; `INVALID_PARAMETER_VALUE` when empty. */
export function commaList(flag: string, text: string): string[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
  if (items.length === 0) throw invalidValue(flag, 'must name at least one column, e.g. a,b,c')
  return items
}

/** A version number as typed: `3` or `v3`. */
export function versionNumber(flag: string, text: string): number {
  const match = /^v?(\d+)$/i.exec(text.trim())
  const version = match ? Number(match[1]) : Number.NaN
  if (!Number.isSafeInteger(version) || version < 1) {
    throw invalidValue(flag, `'${text}' is not a version number (1, 2, 3... or v1, v2...)`)
  }
  return version
}

/**
 * Commander's parser for an integer option within [min, max]: anything else is a usage error
 * `expected a <what> from <min> to <max>` (exit code 2).
 */
export function integerIn(what: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a ${what} from ${min} to ${max}`)
    }
    return n
  }
}
