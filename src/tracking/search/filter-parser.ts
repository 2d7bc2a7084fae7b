import {
  ATTRIBUTES,
  type FilterClause,
  isNumericAttribute,
  type ListComparator,
  type NumericComparator,
  type NumericTest,
  type StringComparator,
  type StringTest,
} from './search-ast.js'
import { searchSyntaxError } from './search-error.js'
import { type Identifier, readIdentifier } from './search-identifier.js'
import { type Token, tokenize } from './search-lexer.js'

const WHAT = 'filter'
const NUMERIC_COMPARATORS: readonly string[] = ['=', '!=', '>', '>=', '<', '<=']
const STRING_COMPARATORS: readonly string[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN']
const ALL_COMPARATORS = '=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN'

/**
 * Parses an MLflow search filter into its clauses; empty or blank text gives `[]`.
 *
 * Grammar: `clause (AND clause)*`, keywords case-insensitive, where a clause is
 * `identifier comparator value`. Metrics and `start_time`/`end_time` (alias `created`) take
 * `= != > >= < <=` and a number; params, tags and the string attributes take `= != LIKE ILIKE`
 * and a single- or double-quoted string, or `IN`/`NOT IN` and a list `('a', "b")`; `run_id` takes
 * `= != IN NOT IN`. A quote inside a string is doubled (`'it''s'`).
 *
 * Throws `SHIPYARD_FILTER_INVALID` with the offending token's 0-based position, e.g. for `OR`
 * (only AND is supported), an unknown prefix or attribute, or a type mismatch (`metrics.auc = 'x'`).
 *
 * @example parseFilter("metrics.auc > 0.8 and params.model = 'gbdt'")
 * // [{ kind: 'metric', key: 'auc', test: { comparator: '>', value: 0.8 } },
 * //  { kind: 'param', key: 'model', test: { comparator: '=', value: 'gbdt' } }]
 */
export function parseFilter(text: string): FilterClause[] {
  const tokens = tokenize(text, WHAT)
  let at = 0
  const next = (): Token => tokens[Math.min(at++, tokens.length - 1)]!
  const peek = (): Token => tokens[Math.min(at, tokens.length - 1)]!
  const clauses: FilterClause[] = []
  if (peek().kind === 'end') return clauses
  for (;;) {
    clauses.push(parseClause(next, peek))
    const joint = next()
    if (joint.kind === 'end') return clauses
    const word = joint.kind === 'word' ? joint.text.toUpperCase() : ''
    if (word === 'OR') {
      throw fail(joint, "OR is not supported: only AND can join clauses (MLflow's search has no OR)")
    }
    if (word !== 'AND') throw fail(joint, 'expected AND or the end of the filter')
  }
}

function parseClause(next: () => Token, peek: () => Token): FilterClause {
  const identifier = readIdentifier(next(), WHAT)
  const comparatorToken = peek()
  const comparator = readComparator(next)
  const numeric = isNumeric(identifier)
  const allowed =
    identifier.entity === 'attribute'
      ? ATTRIBUTES[identifier.attribute].comparators
      : numeric
        ? NUMERIC_COMPARATORS
        : STRING_COMPARATORS
  if (!allowed.includes(comparator)) {
    throw fail(comparatorToken, `${describe(identifier)} takes ${allowed.join(', ')}`)
  }
  // `allowed` held the comparator, so the casts below only restate what was just checked.
  const numericTest = () => readNumericTest(comparator as NumericComparator, next(), identifier)
  const stringTest = () => readStringTest(comparator as StringComparator | ListComparator, next, identifier)
  switch (identifier.entity) {
    case 'metric':
      return { kind: 'metric', key: identifier.key, test: numericTest() }
    case 'param':
    case 'tag':
      return { kind: identifier.entity, key: identifier.key, test: stringTest() }
    case 'attribute': {
      const attribute = identifier.attribute
      return isNumericAttribute(attribute)
        ? { kind: 'numeric-attribute', attribute, test: numericTest() }
        : { kind: 'string-attribute', attribute, test: stringTest() }
    }
  }
}

function readComparator(next: () => Token): string {
  const token = next()
  if (token.kind === 'operator' && NUMERIC_COMPARATORS.includes(token.text)) return token.text
  const word = token.kind === 'word' ? token.text.toUpperCase() : ''
  if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return word
  if (word === 'NOT') {
    const inToken = next()
    if (inToken.kind === 'word' && inToken.text.toUpperCase() === 'IN') return 'NOT IN'
    throw fail(inToken, 'expected IN after NOT')
  }
  throw fail(token, `expected a comparator (${ALL_COMPARATORS})`)
}

function readNumericTest(comparator: NumericComparator, token: Token, identifier: Identifier): NumericTest {
  if (token.kind !== 'number') {
    const hint = token.kind === 'string' ? ' (numbers are not quoted)' : ''
    throw fail(token, `${describe(identifier)} compares with a number${hint}`)
  }
  const value = token.value as number
  if (identifier.entity === 'attribute' && !Number.isSafeInteger(value)) {
    throw fail(token, `${describe(identifier)} compares with an integer (epoch milliseconds)`)
  }
  return { comparator, value }
}

function readStringTest(
  comparator: StringComparator | ListComparator,
  next: () => Token,
  identifier: Identifier,
): StringTest {
  if (comparator !== 'IN' && comparator !== 'NOT IN') {
    const token = next()
    const value = readString(token, identifier)
    if ((comparator === 'LIKE' || comparator === 'ILIKE') && endsWithEscape(value)) {
      throw fail(token, 'a LIKE pattern cannot end with the escape character \\ (write \\\\ for a backslash)')
    }
    return { comparator, value }
  }
  const open = next()
  if (open.text !== '(' || open.kind !== 'punctuation')
    throw fail(open, `expected '(' to open the ${comparator} list`)
  const values: string[] = [readString(next(), identifier)]
  for (;;) {
    const token = next()
    if (token.kind === 'punctuation' && token.text === ')') return { comparator, values }
    if (token.kind !== 'punctuation' || token.text !== ',')
      throw fail(token, "expected ',' or ')' in the list")
    values.push(readString(next(), identifier))
  }
}

function readString(token: Token, identifier: Identifier): string {
  if (token.kind === 'string') return token.value as string
  const hint = token.kind === 'number' ? ` (quote it: '${token.text}')` : ''
  throw fail(token, `${describe(identifier)} compares with a quoted string${hint}`)
}

/** PostgreSQL refuses a LIKE pattern ending with its escape character; so do we, on every backend. */
function endsWithEscape(pattern: string): boolean {
  let escaped = false
  for (const c of pattern) escaped = !escaped && c === '\\'
  return escaped
}

function isNumeric(identifier: Identifier): boolean {
  return (
    identifier.entity === 'metric' ||
    (identifier.entity === 'attribute' && isNumericAttribute(identifier.attribute))
  )
}

function describe(identifier: Identifier): string {
  return identifier.entity === 'attribute'
    ? `attribute ${identifier.attribute}`
    : `${identifier.entity} '${identifier.key}'`
}

function fail(token: Token, expected: string): Error {
  return searchSyntaxError(WHAT, token.position, token.text, expected)
}
