import { parseIsoInstant } from '../../data/index.js'
import { closestMatch } from '../../shared/index.js'
import { type FilterToken, filterError, tokenizeFilter } from './filter-tokens.js'
import { CACHE_STATES, TRAFFIC_ARMS } from './prediction-log.js'

/**
 * The `where` language of `PredictionQuery.where`, parsed to a small tree that the stores compile to
 * SQL (see `prediction-filter-sql.ts`). Every node carries `pos`, the 0-based offset of its first token,
 * so errors found later still point at the text.
 */

/** The record's own columns, each with the type its literals must have. */
export const RECORD_FIELDS = {
  request_id: 'string',
  row: 'number',
  time: 'number',
  model: 'string',
  version: 'number',
  alias: 'string',
  arm: 'string',
  latency_ms: 'number',
  cache: 'string',
  error_code: 'string',
  error_message: 'string',
} as const satisfies Record<string, 'number' | 'string'>

export type RecordField = keyof typeof RECORD_FIELDS

/** Fields whose values are a closed set: a literal outside it is a typo, refused with the choices. */
const CLOSED_VALUES: Partial<Record<RecordField, readonly string[]>> = {
  arm: TRAFFIC_ARMS,
  cache: CACHE_STATES,
}

/** A field: one of the record's columns, or a key of its inputs or outputs (`inputs.age`). */
export type FilterField =
  | { readonly scope: 'record'; readonly name: RecordField }
  | { readonly scope: 'inputs' | 'outputs'; readonly name: string }

export type FilterValue = number | string | boolean
/** Comparisons; `!=` is read as `<>`. */
export type FilterComparison = '=' | '<>' | '<' | '<=' | '>' | '>='

export type FilterNode =
  | {
      readonly kind: 'compare'
      readonly pos: number
      readonly field: FilterField
      readonly op: FilterComparison
      readonly value: FilterValue
    }
  | {
      readonly kind: 'in'
      readonly pos: number
      readonly field: FilterField
      readonly values: readonly FilterValue[]
      readonly negated: boolean
    }
  | { readonly kind: 'isNull'; readonly pos: number; readonly field: FilterField; readonly negated: boolean }
  | {
      readonly kind: 'logical'
      readonly pos: number
      readonly op: 'and' | 'or'
      readonly left: FilterNode
      readonly right: FilterNode
    }
  | { readonly kind: 'not'; readonly pos: number; readonly operand: FilterNode }

/** A parsed `where`: its text (for messages) and its tree. Immutable. */
export interface PredictionFilter {
  readonly source: string
  readonly root: FilterNode
}

const COMPARISONS: Readonly<Record<string, FilterComparison>> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
}
const KNOWN_FIELDS = [...Object.keys(RECORD_FIELDS), 'inputs.<name>', 'outputs.<name>']
// Deep enough for any hand-written filter, shallow enough that no compiler overflows the stack.
const MAX_DEPTH = 256

/**
 * Parses a `where` text (recursive descent; keywords case-insensitive). Loosest first: `or`; `and`;
 * `not`; then a predicate or a parenthesised filter. A predicate is one of
 * - `field op literal`, op one of `= <> != < <= > >=`;
 * - `field [not] in (literal, ...)`, all literals of one type;
 * - `field is [not] null` (a key a record lacks is null).
 *
 * Fields are the record's columns (`request_id row time model version alias arm latency_ms cache
 * error_code error_message`) or `inputs.<name>` / `outputs.<name>` (the rest of the word after the
 * first dot, so `outputs.probabilities.yes` names `probabilities.yes`; `inputs."unit price"` quotes a
 * key). Literals: numbers (`60`, `-0.5`, `1e-3`), single-quoted strings (`'o''brien'`), `true` and
 * `false`. A record column takes literals of its type (`time` also takes an ISO instant,
 * `'2024-05-01T12:00:00Z'`; `arm` and `cache` only their values); inputs and outputs take any, and a
 * value of another type than the literal's never matches. Booleans compare with `=` and `<>` only.
 *
 * Errors are `INVALID_PARAMETER_VALUE` naming the text, the position and the token (see `filterError`):
 * `where 'latncy_ms > 5' at 0: unknown field 'latncy_ms' (did you mean latency_ms? known: ...)`.
 *
 * @example parsePredictionFilter("inputs.age > 60 and arm = 'canary'").root.kind // 'logical'
 */
export function parsePredictionFilter(source: string): PredictionFilter {
  const parser = new Parser(source, tokenizeFilter(source))
  return { source, root: parser.parseAll() }
}

class Parser {
  readonly #source: string
  readonly #tokens: readonly FilterToken[]
  #at = 0
  #depth = 0

  constructor(source: string, tokens: readonly FilterToken[]) {
    this.#source = source
    this.#tokens = tokens
  }

  parseAll(): FilterNode {
    if (this.#peek().type === 'end') throw this.#unexpected(this.#peek(), 'a filter')
    const root = this.#or()
    if (this.#peek().type !== 'end') throw this.#unexpected(this.#peek(), 'and, or, or the end of the filter')
    return root
  }

  #or(): FilterNode {
    let left = this.#and()
    while (this.#acceptKeyword('or'))
      left = { kind: 'logical', op: 'or', pos: left.pos, left, right: this.#and() }
    return left
  }

  #and(): FilterNode {
    let left = this.#not()
    while (this.#acceptKeyword('and')) {
      left = { kind: 'logical', op: 'and', pos: left.pos, left, right: this.#not() }
    }
    return left
  }

  #not(): FilterNode {
    const t = this.#peek()
    if (!this.#acceptKeyword('not')) return this.#primary()
    return this.#nested(t, () => ({ kind: 'not', pos: t.pos, operand: this.#not() }))
  }

  #primary(): FilterNode {
    const t = this.#peek()
    if (t.type === 'symbol' && t.text === '(') {
      this.#at++
      const inner = this.#nested(t, () => this.#or())
      this.#expectSymbol(')', "')'")
      return inner
    }
    return this.#predicate()
  }

  #predicate(): FilterNode {
    const fieldToken = this.#next()
    const field = this.#field(fieldToken)
    const pos = fieldToken.pos
    const t = this.#peek()
    if (this.#acceptKeyword('is')) {
      const negated = this.#acceptKeyword('not')
      if (!this.#acceptKeyword('null')) throw this.#unexpected(this.#peek(), 'null or not null after is')
      return { kind: 'isNull', pos, field, negated }
    }
    const negated = this.#acceptKeyword('not')
    if (this.#acceptKeyword('in')) return { kind: 'in', pos, field, values: this.#list(field), negated }
    if (negated) throw this.#unexpected(this.#peek(), 'in after not')
    const op = t.type === 'symbol' ? COMPARISONS[t.text] : undefined
    if (op === undefined) throw this.#unexpected(t, 'a comparison (= <> != < <= > >=), in, or is')
    this.#at++
    const valueToken = this.#peek()
    if (valueToken.type === 'word' && valueToken.text.toLowerCase() === 'null') {
      throw this.#fail(valueToken, 'write is null or is not null to test for a missing value')
    }
    const value = this.#literal(field)
    if (typeof value === 'boolean' && op !== '=' && op !== '<>') {
      throw this.#fail(t, `booleans compare with = or <> only, not ${t.text}`)
    }
    return { kind: 'compare', pos, field, op, value }
  }

  #field(t: FilterToken): FilterField {
    if (t.type !== 'word' || isKeyword(t))
      throw this.#unexpected(t, 'a field (request_id, inputs.<name>, ...)')
    const dot = t.text.indexOf('.')
    const head = dot < 0 ? t.text : t.text.slice(0, dot)
    const scope = head.toLowerCase()
    if (dot >= 0 && (scope === 'inputs' || scope === 'outputs')) {
      const name = t.value ?? t.text.slice(dot + 1)
      if (name === '') throw this.#fail(t, `${scope}. needs a name, as in ${scope}.age`)
      return { scope, name }
    }
    const lower = t.text.toLowerCase()
    if (Object.hasOwn(RECORD_FIELDS, lower)) return { scope: 'record', name: lower as RecordField }
    const near = closestMatch(t.text, KNOWN_FIELDS)
    const hint = near === undefined ? '' : `did you mean ${near}? `
    throw this.#fail(t, `unknown field '${t.text}' (${hint}known: ${KNOWN_FIELDS.join(', ')})`)
  }

  #list(field: FilterField): FilterValue[] {
    this.#expectSymbol('(', "'(' to open the list")
    const first = this.#peek()
    const values = [this.#literal(field)]
    while (this.#acceptSymbol(',')) {
      const t = this.#peek()
      const value = this.#literal(field)
      if (typeof value !== typeof values[0]) {
        throw this.#fail(
          t,
          `a list holds values of one type; this is a ${typeof value}, '${first.text}' a ${typeof values[0]}`,
        )
      }
      values.push(value)
    }
    this.#expectSymbol(')', "',' or ')'")
    return values
  }

  #literal(field: FilterField): FilterValue {
    const t = this.#next()
    const value = this.#value(t)
    if (field.scope !== 'record') return value
    const wanted = RECORD_FIELDS[field.name]
    if (field.name === 'time' && typeof value === 'string') {
      const ms = parseIsoInstant(value)
      if (Number.isNaN(ms))
        throw this.#fail(t, `time takes epoch milliseconds or an ISO instant ('2024-05-01T12:00:00Z')`)
      return ms
    }
    if (typeof value !== wanted) {
      const hint = wanted === 'string' ? ` (quote it: '${t.text}')` : ''
      throw this.#fail(t, `${field.name} compares with a ${wanted}${hint}`)
    }
    const closed = CLOSED_VALUES[field.name]
    if (closed && !closed.includes(value as string)) {
      throw this.#fail(t, `${field.name} is one of ${closed.join(', ')}, not '${value}'`)
    }
    return value
  }

  #value(t: FilterToken): FilterValue {
    if (t.type === 'string') return t.value!
    if (t.type === 'number') return Number(t.text)
    if (t.type === 'symbol' && (t.text === '-' || t.text === '+')) {
      const number = this.#next()
      if (number.type !== 'number') throw this.#unexpected(number, 'a number after the sign')
      return t.text === '-' ? -Number(number.text) : Number(number.text)
    }
    const word = t.type === 'word' ? t.text.toLowerCase() : ''
    if (word === 'true' || word === 'false') return word === 'true'
    throw this.#unexpected(t, "a value (a number, a 'string', true or false)")
  }

  // Counts the nesting that `opener` (a parenthesis or a not) starts.
  #nested<T>(opener: FilterToken, body: () => T): T {
    if (++this.#depth > MAX_DEPTH) throw this.#fail(opener, `nested more than ${MAX_DEPTH} levels deep`)
    try {
      return body()
    } finally {
      this.#depth--
    }
  }

  #peek(): FilterToken {
    return this.#tokens[this.#at]!
  }

  #next(): FilterToken {
    const t = this.#tokens[this.#at]!
    if (t.type !== 'end') this.#at++
    return t
  }

  #acceptKeyword(word: string): boolean {
    const t = this.#peek()
    if (t.type !== 'word' || t.text.toLowerCase() !== word) return false
    this.#at++
    return true
  }

  #acceptSymbol(symbol: string): boolean {
    const t = this.#peek()
    if (t.type !== 'symbol' || t.text !== symbol) return false
    this.#at++
    return true
  }

  #expectSymbol(symbol: string, wanted: string): void {
    if (!this.#acceptSymbol(symbol)) throw this.#unexpected(this.#peek(), wanted)
  }

  #unexpected(t: FilterToken, wanted: string): Error {
    const found = t.type === 'end' ? 'the end of the filter' : `'${t.text}'`
    return this.#fail(t, `expected ${wanted}, found ${found}`)
  }

  #fail(t: FilterToken, message: string): Error {
    return filterError(this.#source, t.pos, message, t.text)
  }
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'true', 'false'])

function isKeyword(t: FilterToken): boolean {
  return t.value === undefined && KEYWORDS.has(t.text.toLowerCase())
}
