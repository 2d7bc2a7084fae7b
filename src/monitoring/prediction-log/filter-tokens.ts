import { ShipyardError } from '../../shared/index.js'

/**
 * A token of the `where` language.
 * - `word`: a field or keyword, `[A-Za-z_][A-Za-z0-9_.-]*`; when it ends with `.` and a double-quoted
 *   key follows at once (`inputs."unit price"`), both are one word: `value` is the unquoted key.
 * - `string`: a single-quoted literal; `value` is its content (`''` stands for one quote).
 * - `number`: an unsigned literal (`60`, `0.9`, `.5`, `1e-3`); signs are the parser's.
 * - `symbol`: a comparison, a parenthesis, a comma, or a sign.
 */
export interface FilterToken {
  readonly type: 'word' | 'string' | 'number' | 'symbol' | 'end'
  /** The token as written. */
  readonly text: string
  /** 0-based offset of its first character. */
  readonly pos: number
  readonly value?: string
}

const SYMBOLS = ['<>', '!=', '<=', '>=', '=', '<', '>', '(', ')', ',', '-', '+'] as const
const WORD_START = /[A-Za-z_]/
const WORD_PART = /[A-Za-z0-9_.-]/
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y

/**
 * Splits a `where` text into tokens, ending with one `end` token; whitespace is skipped. Throws
 * `INVALID_PARAMETER_VALUE` (see {@link filterError}) on an unterminated quote, a number run into a
 * name (`60x`) and any character outside the language.
 */
export function tokenizeFilter(source: string): FilterToken[] {
  const tokens: FilterToken[] = []
  let i = 0
  while (i < source.length) {
    const c = source[i]!
    const start = i
    if (/\s/.test(c)) {
      i++
    } else if (WORD_START.test(c)) {
      while (i < source.length && WORD_PART.test(source[i]!)) i++
      if (source[i - 1] === '.' && source[i] === '"') {
        const quoted = readQuoted(source, i)
        i = quoted.end
        tokens.push({ type: 'word', text: source.slice(start, i), pos: start, value: quoted.value })
      } else {
        tokens.push({ type: 'word', text: source.slice(start, i), pos: start })
      }
    } else if (/[0-9.]/.test(c)) {
      NUMBER.lastIndex = i
      const text = NUMBER.exec(source)?.[0] ?? c
      i += text.length
      if (text === '.' || (i < source.length && WORD_PART.test(source[i]!))) {
        while (i < source.length && WORD_PART.test(source[i]!)) i++
        throw filterError(
          source,
          start,
          `malformed number '${source.slice(start, i)}'`,
          source.slice(start, i),
        )
      }
      tokens.push({ type: 'number', text, pos: start })
    } else if (c === "'") {
      const quoted = readQuoted(source, i)
      i = quoted.end
      tokens.push({ type: 'string', text: source.slice(start, i), pos: start, value: quoted.value })
    } else {
      const symbol = SYMBOLS.find((s) => source.startsWith(s, i))
      if (!symbol) {
        const hint =
          c === '"' ? ` (strings are single-quoted; "..." quotes a key, as in inputs."unit price")` : ''
        throw filterError(source, i, `unexpected character '${c}'${hint}`, c)
      }
      tokens.push({ type: 'symbol', text: symbol, pos: i })
      i += symbol.length
    }
  }
  tokens.push({ type: 'end', text: '', pos: source.length })
  return tokens
}

/** Reads a quoted text starting at its quote; the quote doubled stands for itself. */
function readQuoted(source: string, start: number): { value: string; end: number } {
  const quote = source[start]!
  let value = ''
  let i = start + 1
  for (;;) {
    const close = source.indexOf(quote, i)
    if (close < 0) throw filterError(source, start, `unterminated ${quote}-quoted text`, source.slice(start))
    value += source.slice(i, close)
    if (source[close + 1] !== quote) return { value, end: close + 1 }
    value += quote
    i = close + 2
  }
}

/**
 * An error in a `where` text, pointing at it: `INVALID_PARAMETER_VALUE` with the message
 * `where '<source>' at <pos>: <message>` and `details` `{ field: 'where', where, position, token }`.
 * `pos` is the 0-based character offset (the source's length for "the end"); `token` is '' there.
 */
export function filterError(source: string, pos: number, message: string, token: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `where '${source}' at ${pos}: ${message}`, {
    details: { field: 'where', where: source, position: pos, token },
  })
}
