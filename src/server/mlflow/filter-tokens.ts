import { ShipyardError } from '../../shared/index.js'

/** One token of an MLflow search filter, where it starts, and the value of a literal. */
export interface FilterToken {
  readonly text: string
  readonly position: number
  /** The content of a string literal, its doubled quotes undone. */
  readonly string?: string
  /** The value of a number literal. */
  readonly number?: number
}

/**
 * Quoted strings, identifiers (dotted, with one back-quoted or plain key after the first dot),
 * numbers (decimals and exponents too), comparators, parentheses and commas: the union of the
 * experiment and registry grammars, each parser refusing the tokens it has no use for.
 */
const TOKEN =
  /\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)"|([A-Za-z_]\w*(?:\.(?:`[^`]*`|[\w.-]+))?)|(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)|(!=|<=|>=|=|<|>|\(|\)|,))/y

/** The tokens of `filter`; a character no token starts with throws `SHIPYARD_FILTER_INVALID` there. */
export function tokenizeFilter(filter: string): FilterToken[] {
  const tokens: FilterToken[] = []
  TOKEN.lastIndex = 0
  while (filter.slice(TOKEN.lastIndex).trim() !== '') {
    const start = TOKEN.lastIndex
    const match = TOKEN.exec(filter)
    if (match === null) {
      const position = start + (filter.slice(start).length - filter.slice(start).trimStart().length)
      throw filterError(filter, position, filter.slice(position, position + 1), 'unexpected character')
    }
    const text = match[0].trimStart()
    const position = TOKEN.lastIndex - text.length
    const string = match[1]?.replaceAll("''", "'") ?? match[2]?.replaceAll('""', '"')
    if (string !== undefined) tokens.push({ text, position, string })
    else if (match[4] !== undefined) tokens.push({ text, position, number: Number(match[4]) })
    else tokens.push({ text, position })
  }
  return tokens
}

/** `SHIPYARD_FILTER_INVALID` naming the position and token (`''`: the end) and what was expected there. */
export function filterError(
  filter: string,
  position: number,
  token: string,
  expected: string,
): ShipyardError {
  const where = token === '' ? 'at the end' : `('${token}')`
  return new ShipyardError(
    'SHIPYARD_FILTER_INVALID',
    `invalid filter at position ${position} ${where}: ${expected} in "${filter}"`,
    { details: { field: 'filter', position, token } },
  )
}
