/**
 * Building DuckDB SQL text safely. Every name and literal that comes from a user or a file goes
 * through these, so a column called `a"b` or a path with a quote cannot change the query.
 */

/** A double-quoted identifier: `"a""b"`. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A single-quoted string literal: `'it''s'`. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/** A list of string literals: `['', 'NA']`. */
export function literalList(items: readonly string[]): string {
  return `[${items.map(literal).join(', ')}]`
}

/** A struct literal of string values: `{'a': 'DOUBLE', 'b': 'VARCHAR'}` (order kept). */
export function literalStruct(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${literal(k)}: ${literal(v)}`).join(', ')}}`
}
