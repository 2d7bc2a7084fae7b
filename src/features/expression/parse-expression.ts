import {
  type ArithmeticOp,
  type ComparisonOp,
  type Expression,
  type ExprNode,
  FUNCTION_ALIASES,
  FUNCTIONS,
  type FunctionName,
} from './expression-ast.js'
import { expressionError } from './expression-error.js'
import { type Token, tokenize } from './tokenize.js'

const RESERVED = new Set([
  'and',
  'or',
  'not',
  'case',
  'when',
  'then',
  'else',
  'end',
  'is',
  'null',
  'true',
  'false',
])
const COMPARISONS: Readonly<Record<string, ComparisonOp>> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
}
// Deep enough for any hand-written expression, shallow enough that no evaluator overflows the stack.
const MAX_DEPTH = 256

/** Every function name the language accepts, for messages. */
export const KNOWN_FUNCTIONS: readonly string[] = [
  ...Object.keys(FUNCTIONS),
  ...Object.keys(FUNCTION_ALIASES),
].sort()

/**
 * Parses a SQL scalar expression (recursive descent). Precedence, loosest first, as in PostgreSQL and
 * DuckDB: `OR`; `AND`; `NOT`; `IS [NOT] NULL`; comparisons (`= <> != < <= > >=`, which do not chain);
 * `+ -`; `* / %`; unary `- +`; then literals, `NULL`, `TRUE`/`FALSE` (1/0), column names (bare or
 * double-quoted), function calls, `CASE WHEN ... THEN ... [ELSE ...] END` and parentheses. Binary
 * operators are left-associative. Keywords and function names are case-insensitive; column names are
 * kept as written (resolution against the data is the evaluators' job).
 *
 * Errors are `INVALID_PARAMETER_VALUE` naming the expression, the 0-based offset and the token:
 * `expression 'amount / nulif(income, 0)' at 9: unknown function 'nulif' (known: abs, ceil, ...)`.
 *
 * @example parseExpression('amount / nullif(income, 0)').root.kind // 'arithmetic'
 */
export function parseExpression(source: string): Expression {
  const parser = new Parser(source, tokenize(source))
  return { source, root: parser.parseAll() }
}

class Parser {
  readonly #source: string
  readonly #tokens: readonly Token[]
  #at = 0
  #depth = 0

  constructor(source: string, tokens: readonly Token[]) {
    this.#source = source
    this.#tokens = tokens
  }

  parseAll(): ExprNode {
    const root = this.#or()
    const next = this.#peek()
    if (next.type === 'symbol' && next.text in COMPARISONS) {
      throw this.#fail(next, 'comparisons do not chain; combine them with AND (a < b AND b < c)')
    }
    if (next.type !== 'end') throw this.#unexpected(next, 'the end of the expression')
    return root
  }

  #or(): ExprNode {
    let left = this.#and()
    for (let t = this.#peek(); this.#isKeyword(t, 'or'); t = this.#peek()) {
      this.#at++
      left = { kind: 'logical', op: 'or', pos: left.pos, left, right: this.#and() }
    }
    return left
  }

  #and(): ExprNode {
    let left = this.#not()
    for (let t = this.#peek(); this.#isKeyword(t, 'and'); t = this.#peek()) {
      this.#at++
      left = { kind: 'logical', op: 'and', pos: left.pos, left, right: this.#not() }
    }
    return left
  }

  #not(): ExprNode {
    const t = this.#peek()
    if (!this.#isKeyword(t, 'not')) return this.#isNull()
    this.#at++
    return this.#nested(t, () => ({ kind: 'not', pos: t.pos, operand: this.#not() }))
  }

  #isNull(): ExprNode {
    let operand = this.#comparison()
    while (this.#isKeyword(this.#peek(), 'is')) {
      this.#at++
      const negated = this.#isKeyword(this.#peek(), 'not')
      if (negated) this.#at++
      this.#expectKeyword('null', 'NULL after IS')
      operand = { kind: 'isNull', pos: operand.pos, operand, negated }
    }
    return operand
  }

  #comparison(): ExprNode {
    const left = this.#additive()
    const t = this.#peek()
    const op = t.type === 'symbol' ? COMPARISONS[t.text] : undefined
    if (!op) return left
    this.#at++
    return { kind: 'comparison', op, pos: left.pos, left, right: this.#additive() }
  }

  #additive(): ExprNode {
    let left = this.#multiplicative()
    for (let t = this.#peek(); t.type === 'symbol' && (t.text === '+' || t.text === '-'); t = this.#peek()) {
      this.#at++
      const op = t.text as ArithmeticOp
      left = { kind: 'arithmetic', op, pos: left.pos, left, right: this.#multiplicative() }
    }
    return left
  }

  #multiplicative(): ExprNode {
    let left = this.#unary()
    for (let t = this.#peek(); t.type === 'symbol' && ['*', '/', '%'].includes(t.text); t = this.#peek()) {
      this.#at++
      const op = t.text as ArithmeticOp
      left = { kind: 'arithmetic', op, pos: left.pos, left, right: this.#unary() }
    }
    return left
  }

  #unary(): ExprNode {
    const t = this.#peek()
    if (t.type === 'symbol' && (t.text === '-' || t.text === '+')) {
      this.#at++
      return this.#nested(t, () => {
        const operand = this.#unary()
        return t.text === '-' ? { kind: 'negate', pos: t.pos, operand } : operand
      })
    }
    return this.#primary()
  }

  #primary(): ExprNode {
    const t = this.#next()
    switch (t.type) {
      case 'number':
        return { kind: 'number', pos: t.pos, value: Number(t.text) }
      case 'quoted':
        return { kind: 'column', pos: t.pos, name: t.text }
      case 'ident':
        return this.#identifier(t)
      case 'symbol':
        if (t.text === '(') {
          const inner = this.#nested(t, () => this.#or())
          this.#expectSymbol(')', "')'")
          return inner
        }
        throw this.#unexpected(t, 'an expression')
      case 'end':
        throw this.#unexpected(t, 'an expression')
    }
  }

  #identifier(t: Token): ExprNode {
    const word = t.text.toLowerCase()
    if (this.#peek().type === 'symbol' && this.#peek().text === '(' && !RESERVED.has(word))
      return this.#call(t)
    switch (word) {
      case 'null':
        return { kind: 'null', pos: t.pos }
      case 'true':
        return { kind: 'number', pos: t.pos, value: 1 }
      case 'false':
        return { kind: 'number', pos: t.pos, value: 0 }
      case 'case':
        return this.#nested(t, () => this.#case(t))
    }
    if (RESERVED.has(word)) {
      throw this.#fail(t, `'${t.text}' is a reserved word; a column of that name is written "${t.text}"`)
    }
    return { kind: 'column', pos: t.pos, name: t.text }
  }

  #call(t: Token): ExprNode {
    const word = t.text.toLowerCase()
    const fn: FunctionName | undefined = Object.hasOwn(FUNCTIONS, word)
      ? (word as FunctionName)
      : FUNCTION_ALIASES[word]
    if (!fn) throw this.#fail(t, `unknown function '${t.text}' (known: ${KNOWN_FUNCTIONS.join(', ')})`)
    this.#at++ // (
    const args: ExprNode[] = []
    if (!(this.#peek().type === 'symbol' && this.#peek().text === ')')) {
      do args.push(this.#nested(t, () => this.#or()))
      while (this.#acceptSymbol(','))
    }
    this.#expectSymbol(')', "',' or ')'")
    const { min, max } = FUNCTIONS[fn]
    if (args.length < min || args.length > max) {
      const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`
      const noun = wanted === '1' || wanted.endsWith(' 1') ? 'argument' : 'arguments'
      throw this.#fail(t, `function '${t.text}' takes ${wanted} ${noun}, got ${args.length}`)
    }
    return { kind: 'call', fn, pos: t.pos, args }
  }

  #case(t: Token): ExprNode {
    const branches: { when: ExprNode; result: ExprNode }[] = []
    if (!this.#isKeyword(this.#peek(), 'when')) {
      throw this.#unexpected(
        this.#peek(),
        'WHEN (only the searched form CASE WHEN <condition> THEN ... is supported)',
      )
    }
    while (this.#isKeyword(this.#peek(), 'when')) {
      this.#at++
      const when = this.#or()
      this.#expectKeyword('then', 'THEN')
      branches.push({ when, result: this.#or() })
    }
    let otherwise: ExprNode | null = null
    if (this.#isKeyword(this.#peek(), 'else')) {
      this.#at++
      otherwise = this.#or()
    }
    this.#expectKeyword('end', 'WHEN, ELSE or END')
    return { kind: 'case', pos: t.pos, branches, otherwise }
  }

  // Counts the nesting that `opener` (a parenthesis, operator, CASE or call) starts.
  #nested<T>(opener: Token, body: () => T): T {
    if (++this.#depth > MAX_DEPTH) throw this.#fail(opener, `nested more than ${MAX_DEPTH} levels deep`)
    try {
      return body()
    } finally {
      this.#depth--
    }
  }

  #peek(): Token {
    return this.#tokens[this.#at]!
  }

  #next(): Token {
    const t = this.#tokens[this.#at]!
    if (t.type !== 'end') this.#at++
    return t
  }

  #isKeyword(t: Token, word: string): boolean {
    return t.type === 'ident' && t.text.toLowerCase() === word
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

  #expectKeyword(word: string, wanted: string): void {
    const t = this.#peek()
    if (!this.#isKeyword(t, word)) throw this.#unexpected(t, wanted)
    this.#at++
  }

  #unexpected(t: Token, wanted: string): Error {
    return this.#fail(t, `expected ${wanted}, found ${describeToken(t)}`)
  }

  #fail(t: Token, message: string): Error {
    return expressionError(this.#source, t.pos, message, t.type === 'end' ? '' : t.text)
  }
}

function describeToken(t: Token): string {
  switch (t.type) {
    case 'end':
      return 'the end of the expression'
    case 'quoted':
      return `"${t.text}"`
    default:
      return `'${t.text}'`
  }
}
