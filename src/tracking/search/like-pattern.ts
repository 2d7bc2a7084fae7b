/**
 * Translates a LIKE pattern (`%` any run, `_` one character, `\` escapes the next character) into
 * an equivalent SQLite GLOB pattern. SQLite's LIKE ignores ASCII case and `PRAGMA
 * case_sensitive_like` would change it for the whole connection (and is deprecated), whereas GLOB
 * is case-sensitive and has the same power: `*` and `?` are the wildcards, and a one-character
 * class (`[*]`, `[?]`, `[[]`) matches a metacharacter literally. The translation is exact, so LIKE
 * matches the same strings on SQLite as PostgreSQL's (case-sensitive) LIKE does.
 *
 * @example likeToGlob('run_%[1]*') // 'run?*[[]1][*]'
 * @example likeToGlob('50\\%') // '50%' (an escaped % is a literal percent sign)
 */
export function likeToGlob(pattern: string): string {
  let glob = ''
  let escaped = false
  for (const c of pattern) {
    if (escaped) {
      glob += literal(c)
      escaped = false
    } else if (c === '\\') {
      escaped = true
    } else if (c === '%') {
      glob += '*'
    } else if (c === '_') {
      glob += '?'
    } else {
      glob += literal(c)
    }
  }
  // A trailing escape is refused by the parser; treat it as a literal backslash if one gets here.
  return escaped ? `${glob}\\` : glob
}

function literal(c: string): string {
  return c === '*' || c === '?' || c === '[' ? `[${c}]` : c
}
