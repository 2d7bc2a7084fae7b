import { ShipyardError } from '../../shared/index.js'

/**
 * Refuses a list of column names with a repeat. DuckDB compares names ignoring case (and would
 * silently rename the second `a` to `a_1`), so `A` and `a` clash too. The message names the source
 * (`where`, e.g. `tx.csv line 1`), the name and both positions (1-based).
 */
export function refuseDuplicateNames(
  names: readonly string[],
  where: string,
  details: Record<string, unknown> = {},
): void {
  const firstAt = new Map<string, number>()
  names.forEach((name, i) => {
    const key = name.toLowerCase()
    const first = firstAt.get(key)
    if (first === undefined) {
      firstAt.set(key, i)
      return
    }
    const clash =
      names[first] === name ? `'${name}' appears twice` : `'${names[first]}' and '${name}' are the same name`
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${where}: column name ${clash} (columns ${first + 1} and ${i + 1}); column names must be unique, ignoring case`,
      { details: { ...details, column: name } },
    )
  })
}
