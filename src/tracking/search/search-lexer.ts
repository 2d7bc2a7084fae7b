import { searchSyntaxError } from './search-error.js'

/**
 * A token of the search language. `text` is the exact source slice (for error messages) and
 * `position` its 0-based offset.
 * - `word`: an identifier or keyword, `[A-Za-z_][A-Za-z0-9_./:-]*`. When it ends with `.` and a
 *   backtick- or double-quoted key follows at once (`metrics."val loss"`), both are one word:
 *   `head` is the part before the quote and `value` the unquoted key.
 * - `string`: a single- or double-quoted string; `value` is its content.
 * - `number`: `value` is the number (`1e999` is Infinity).
 * - `backtick`: a backtick-quoted text that follows no prefix; only valid as a key.
 * - `operator`: a run of `<>=!` characters, valid or not (so `>>` is reported whole).
 * - `punctuation`: `(`, `)` or `,`. `end`: the end of the text.
 */
export interface Token {
  readonly kind: 'word' | 'string' | 'number' | 'backtick' | 'operator' | 'punctuation' | 'end'
  readonly text: string
  readonly position: number
  readonly value?: string | number
  readonly head?: string
}

const WORD_START = /[A-Za-z_]/
const WORD_CHAR = /[A-Za-z0-9_./:-]/
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y
const NUMBER_START = /[+-]?\.?\d/y
const SPACE = /\s/

/**
 * Splits `text` into tokens, ending with one `end` token. `what` names the text in errors
 * (`filter`, `order_by clause 'x'`). Throws `SHIPYARD_FILTER_INVALID` on an unterminated quote,
 * a malformed number or a character the language does not use.
 */
export function tokenize(text: string, what: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  for (;;) {
    while (i < text.length && SPACE.test(text[i]!)) i++
    if (i >= text.length) {
      tokens.push({ kind: 'end', text: '', position: i })
      return tokens
    }
    const start = i
    const c = text[i]!
    if (WORD_START.test(c)) {
      while (i < text.length && WORD_CHAR.test(text[i]!)) i++
      const head = text.slice(start, i)
      const next = text[i]
      if (head.endsWith('.') && (next === '"' || next === '`')) {
        const quoted = readQuoted(text, i, what)
        i = quoted.end
        tokens.push({ kind: 'word', text: text.slice(start, i), position: start, value: quoted.value, head })
      } else {
        tokens.push({ kind: 'word', text: head, position: start })
      }
    } else if (c === "'" || c === '"' || c === '`') {
      const quoted = readQuoted(text, i, what)
      i = quoted.end
      tokens.push({
        kind: c === '`' ? 'backtick' : 'string',
        text: text.slice(start, i),
        position: start,
        value: quoted.value,
      })
    } else if (matchesAt(NUMBER_START, text, i)) {
      NUMBER.lastIndex = i
      NUMBER.exec(text)
      i = NUMBER.lastIndex
      if (i < text.length && WORD_CHAR.test(text[i]!)) {
        while (i < text.length && WORD_CHAR.test(text[i]!)) i++
        throw searchSyntaxError(what, start, text.slice(start, i), 'not a number')
      }
      tokens.push({
        kind: 'number',
        text: text.slice(start, i),
        position: start,
        value: Number(text.slice(start, i)),
      })
    } else if ('<>=!'.includes(c)) {
      while (i < text.length && '<>=!'.includes(text[i]!)) i++
      tokens.push({ kind: 'operator', text: text.slice(start, i), position: start })
    } else if ('(),'.includes(c)) {
      i++
      tokens.push({ kind: 'punctuation', text: c, position: start })
    } else {
      throw searchSyntaxError(what, start, c, 'unexpected character')
    }
  }
}

/** Reads a quoted text starting at the quote; a doubled quote character stands for itself. */
function readQuoted(text: string, start: number, what: string): { value: string; end: number } {
  const quote = text[start]!
  let value = ''
  let i = start + 1
  for (;;) {
    const close = text.indexOf(quote, i)
    if (close < 0)
      throw searchSyntaxError(what, start, text.slice(start), `unterminated ${quote}-quoted text`)
    value += text.slice(i, close)
    if (text[close + 1] !== quote) return { value, end: close + 1 }
    value += quote
    i = close + 2
  }
}

function matchesAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at
  return pattern.test(text)
}
