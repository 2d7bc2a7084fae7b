import { ShipyardError } from '../../shared/index.js'
import { canonicalMetric, METRIC_NAMES, METRIC_SYNONYMS, nearestMetric } from './metric-names.js'

/** How a requirement compares its two sides. */
export type Comparator = '>=' | '>' | '<=' | '<' | '==' | '!='

/** An arithmetic expression over numbers and the metrics of aliased versions. */
export type RequirementExpr =
  | { readonly kind: 'number'; readonly value: number }
  /** `alias` null: the candidate's metric (a bare name). `metric` is canonical (`auc` → `roc_auc`). */
  | { readonly kind: 'metric'; readonly alias: string | null; readonly metric: string }
  | { readonly kind: 'negate'; readonly operand: RequirementExpr }
  | {
      readonly kind: 'arithmetic'
      readonly op: '+' | '-' | '*'
      readonly left: RequirementExpr
      readonly right: RequirementExpr
    }

/** A parsed promotion requirement: `left comparator right`, as written in `text`. */
export interface Requirement {
  readonly text: string
  readonly left: RequirementExpr
  readonly comparator: Comparator
  readonly right: RequirementExpr
}

/** The value of `metric` for the candidate (`alias` null) or the version `alias` points at. */
export type MetricLookup = (alias: string | null, metric: string) => number

const COMPARATORS: Readonly<Record<Comparator, (left: number, right: number) => boolean>> = {
  '>=': (l, r) => l >= r,
  '>': (l, r) => l > r,
  '<=': (l, r) => l <= r,
  '<': (l, r) => l < r,
  '==': (l, r) => l === r,
  '!=': (l, r) => l !== r,
}

const ARITHMETIC: Readonly<Record<'+' | '-' | '*', (left: number, right: number) => number>> = {
  '+': (l, r) => l + r,
  '-': (l, r) => l - r,
  '*': (l, r) => l * r,
}

interface Token {
  readonly kind: 'number' | 'metric' | 'comparator' | 'symbol' | 'end'
  readonly text: string
  readonly position: number
}

// A qualified name may hold `-` in its alias part (aliases allow it; the dot says where it ends);
// a bare metric name may not, so that `auc-0.01` reads as a subtraction.
const TOKENS: readonly [Token['kind'], RegExp][] = [
  ['number', /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![A-Za-z_])/y],
  ['metric', /[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*/y],
  // A run of comparison characters is one token, so that `>>` or `=` is reported whole.
  ['comparator', /[<>=!]+/y],
  ['symbol', /[-+*()]/y],
]

/**
 * Parses a promotion requirement: `<expr> <op> <expr>` with op one of `>=`, `>`, `<=`, `<`, `==`, `!=`
 * and each side arithmetic (`+`, `-`, `*`, unary minus, parentheses) over numbers and metrics. A bare
 * metric (`auc`) is the candidate's; `<alias>.<metric>` (`production.auc`) is the metric of the version
 * the alias points at. Metrics are `evaluatePredictions`' names (`roc_auc`, `logloss`, `rmse`...) or a
 * synonym (`auc`, `log_loss`, `ap`...), case-insensitive; aliases are compared lower-case, as stored.
 * Throws `INVALID_PARAMETER_VALUE` with `details.position` and `details.token` (the offending token,
 * `''` at the end) for bad syntax, an unknown metric (naming the closest one and the valid names), or,
 * when `aliases` is given, an alias outside it.
 *
 * @example
 * parseRequirement('auc >= production.auc - 0.002')
 * // { comparator: '>=', left: { kind: 'metric', alias: null, metric: 'roc_auc' }, right: { kind: 'arithmetic', ... } }
 */
export function parseRequirement(text: string, aliases?: readonly string[]): Requirement {
  const parser = new Parser(text, aliases)
  const left = parser.expression()
  const comparator = parser.comparator()
  const right = parser.expression()
  parser.end()
  if (!mentionsMetric(left) && !mentionsMetric(right)) {
    const { position, text: token } = parser.first
    throw requirementError(text, position, token, 'it names no metric (e.g. auc >= 0.8)')
  }
  return { text, left, comparator, right }
}

/** The aliases an expression reads metrics from (`production` in `production.auc - 0.01`), lower-case. */
export function aliasesIn(expr: RequirementExpr): string[] {
  switch (expr.kind) {
    case 'number':
      return []
    case 'metric':
      return expr.alias === null ? [] : [expr.alias]
    case 'negate':
      return aliasesIn(expr.operand)
    case 'arithmetic':
      return [...new Set([...aliasesIn(expr.left), ...aliasesIn(expr.right)])]
  }
}

/** The value of an expression, reading metrics through `lookup`. */
export function evaluateExpr(expr: RequirementExpr, lookup: MetricLookup): number {
  switch (expr.kind) {
    case 'number':
      return expr.value
    case 'metric':
      return lookup(expr.alias, expr.metric)
    case 'negate':
      return -evaluateExpr(expr.operand, lookup)
    case 'arithmetic':
      return ARITHMETIC[expr.op](evaluateExpr(expr.left, lookup), evaluateExpr(expr.right, lookup))
  }
}

/** Whether `left comparator right` holds; NaN on either side (an AUC on one class) never holds. */
export function compare(comparator: Comparator, left: number, right: number): boolean {
  return COMPARATORS[comparator](left, right)
}

function mentionsMetric(expr: RequirementExpr): boolean {
  if (expr.kind === 'metric') return true
  if (expr.kind === 'negate') return mentionsMetric(expr.operand)
  return expr.kind === 'arithmetic' && (mentionsMetric(expr.left) || mentionsMetric(expr.right))
}

/** Recursive descent: expression := term (('+' | '-') term)*; term := unary ('*' unary)*. */
class Parser {
  readonly #text: string
  readonly #aliases: readonly string[] | undefined
  readonly #tokens: Token[]
  #at = 0

  constructor(text: string, aliases: readonly string[] | undefined) {
    this.#text = text
    this.#aliases = aliases?.map((alias) => alias.toLowerCase())
    this.#tokens = tokenize(text)
  }

  get first(): Token {
    return this.#tokens[0]!
  }

  expression(): RequirementExpr {
    let left = this.#term()
    for (let op = this.#symbol('+', '-'); op !== undefined; op = this.#symbol('+', '-')) {
      left = { kind: 'arithmetic', op, left, right: this.#term() }
    }
    return left
  }

  comparator(): Comparator {
    const token = this.#next()
    if (token.kind !== 'comparator' || !Object.hasOwn(COMPARATORS, token.text))
      throw this.#unexpected(token, 'a comparison (>=, >, <=, <, ==, !=)')
    return token.text as Comparator
  }

  end(): void {
    const token = this.#next()
    if (token.kind !== 'end') throw this.#unexpected(token, 'the end of the requirement')
  }

  #term(): RequirementExpr {
    let left = this.#unary()
    while (this.#symbol('*') !== undefined) left = { kind: 'arithmetic', op: '*', left, right: this.#unary() }
    return left
  }

  #unary(): RequirementExpr {
    if (this.#symbol('-') !== undefined) return { kind: 'negate', operand: this.#unary() }
    const token = this.#next()
    if (token.kind === 'number') return { kind: 'number', value: Number(token.text) }
    if (token.kind === 'metric') return this.#metric(token)
    if (token.text === '(') {
      const inner = this.expression()
      const close = this.#next()
      if (close.text !== ')') throw this.#unexpected(close, "')'")
      return inner
    }
    throw this.#unexpected(token, 'a number, a metric (auc) or <alias>.<metric> (production.auc)')
  }

  #metric(token: Token): RequirementExpr {
    const dot = token.text.indexOf('.')
    const name = token.text.slice(dot + 1)
    const metric = canonicalMetric(name)
    if (metric === undefined) throw unknownMetric(this.#text, token.position + dot + 1, name)
    if (dot < 0) return { kind: 'metric', alias: null, metric }
    const alias = token.text.slice(0, dot)
    if (this.#aliases !== undefined && !this.#aliases.includes(alias.toLowerCase())) {
      const choices = this.#aliases.map((a) => `${a}.${name}`).join(' or ')
      throw requirementError(
        this.#text,
        token.position,
        alias,
        `'${alias}' is not an alias compared here; write ${choices}, or ${name} for the candidate`,
      )
    }
    return { kind: 'metric', alias: alias.toLowerCase(), metric }
  }

  #symbol<const S extends string>(...symbols: S[]): S | undefined {
    const token = this.#tokens[this.#at]!
    if (token.kind !== 'symbol' || !(symbols as string[]).includes(token.text)) return undefined
    this.#at++
    return token.text as S
  }

  #next(): Token {
    const token = this.#tokens[this.#at]!
    if (token.kind !== 'end') this.#at++
    return token
  }

  #unexpected(token: Token, expected: string): ShipyardError {
    return requirementError(this.#text, token.position, token.text, `expected ${expected}`)
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++
    if (i >= text.length) return [...tokens, { kind: 'end', text: '', position: i }]
    const token = tokenAt(text, i)
    if (token === undefined) {
      throw requirementError(text, i, text[i]!, 'expected a number, a metric, an operator or a parenthesis')
    }
    tokens.push(token)
    i += token.text.length
  }
}

function tokenAt(text: string, position: number): Token | undefined {
  for (const [kind, pattern] of TOKENS) {
    pattern.lastIndex = position
    const match = pattern.exec(text)
    if (match) return { kind, text: match[0], position }
  }
  return undefined
}

function unknownMetric(text: string, position: number, name: string): ShipyardError {
  const nearest = nearestMetric(name)
  const synonyms = Object.entries(METRIC_SYNONYMS).map(([synonym, metric]) => `${synonym} (${metric})`)
  return requirementError(
    text,
    position,
    name,
    `unknown metric '${name}'${nearest ? ` (did you mean '${nearest}'?)` : ''}; metrics are ` +
      `${METRIC_NAMES.join(', ')}, or ${synonyms.join(', ')}`,
    nearest,
  )
}

function requirementError(
  text: string,
  position: number,
  token: string,
  problem: string,
  didYouMean?: string,
): ShipyardError {
  const where = token === '' ? '(end of text)' : `('${token}')`
  return new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `invalid requirement '${text}' at position ${position} ${where}: ${problem}`,
    {
      details: {
        field: 'requirement',
        requirement: text,
        position,
        token,
        ...(didYouMean ? { didYouMean } : {}),
      },
    },
  )
}
