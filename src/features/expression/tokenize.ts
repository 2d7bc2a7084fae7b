import { expressionError } from './expression-error.js'

/** A lexical token. Keywords are `ident` tokens; the parser recognises them case-insensitively. */
export interface Token {
  readonly type: 'number' | 'ident' | 'quoted' | 'symbol' | 'end'
  /** The token as written (for a quoted identifier: the name with `""` unescaped). */
  readonly text: string
  /** 0-based offset of the token's first character. */
  readonly pos: number
}

const SYMBOLS = ['<>', '!=', '<=', '>=', '+', '-', '*', '/', '%', '(', ')', ',', '=', '<', '>'] as const
const IDENT_START = /[A-Za-z_]/
const IDENT_PART = /[A-Za-z0-9_]/
const DIGIT = /[0-9]/
// A number: digits with an optional fraction, or a fraction alone, then an optional exponent.
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y

/**
 * Splits an expression into tokens, ending with one `end` token. Whitespace and `--` line comments
 * are skipped (as SQL does). Errors (`INVALID_PARAMETER_VALUE` with the position): a string literal
 * (expressions are numeric), an unterminated quoted identifier, an empty one, a number run into a
 * name (`2x`), and any character outside the language.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const c = source[i]!
    if (/\s/.test(c)) {
      i++
    } else if (source.startsWith('--', i)) {
      while (i < source.length && source[i] !== '\n') i++
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(source[i + 1] ?? ''))) {
      NUMBER.lastIndex = i
      const text = NUMBER.exec(source)![0]
      const next = source[i + text.length] ?? ''
      if (IDENT_PART.test(next) || next === '.') {
        throw expressionError(source, i, `malformed number '${text}${next}'`, text + next)
      }
      tokens.push({ type: 'number', text, pos: i })
      i += text.length
    } else if (IDENT_START.test(c)) {
      const start = i
      while (i < source.length && IDENT_PART.test(source[i]!)) i++
      tokens.push({ type: 'ident', text: source.slice(start, i), pos: start })
    } else if (c === '"') {
      const start = i
      let name = ''
      for (i++; ; i++) {
        if (i >= source.length) throw expressionError(source, start, 'unterminated quoted identifier', '"')
        if (source[i] === '"') {
          if (source[i + 1] !== '"') break
          i++
        }
        name += source[i]
      }
      i++
      if (name === '') throw expressionError(source, start, 'empty quoted identifier ""', '""')
      tokens.push({ type: 'quoted', text: name, pos: start })
    } else if (c === "'") {
      throw expressionError(source, i, 'string literals are not supported: expressions compute numbers', "'")
    } else {
      const symbol = SYMBOLS.find((s) => source.startsWith(s, i))
      if (!symbol) {
        const hint = c === '^' ? '; write power(a, b)' : ''
        throw expressionError(source, i, `unexpected character '${c}'${hint}`, c)
      }
      tokens.push({ type: 'symbol', text: symbol, pos: i })
      i += symbol.length
    }
  }
  tokens.push({ type: 'end', text: '', pos: source.length })
  return tokens
}
