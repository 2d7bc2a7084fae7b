import { ShipyardError } from '../../shared/index.js'
import type { OrderKey } from './search-ast.js'
import { searchSyntaxError } from './search-error.js'
import { readIdentifier } from './search-identifier.js'
import { tokenize } from './search-lexer.js'

/** The most order-by clauses a search takes: each metric, param or tag key costs one join. */
export const MAX_ORDER_KEYS = 10

/**
 * Parses order-by clauses, one per entry: `identifier [ASC|DESC]` (default ASC, keywords
 * case-insensitive), identifiers as in filters (`metrics.auc`, `params."learning rate"`,
 * `attributes.start_time` or bare `start_time`).
 *
 * Throws `SHIPYARD_FILTER_INVALID` for an unknown identifier, a word other than ASC/DESC, more than
 * one clause in an entry, or more than `MAX_ORDER_KEYS` entries; `details.position` is the 0-based
 * offset in the entry and `details.clause` the entry's index.
 *
 * @example parseOrderBy(['metrics.auc DESC', 'start_time'])
 * // [{ kind: 'metric', key: 'auc', descending: true }, { kind: 'attribute', attribute: 'start_time', descending: false }]
 */
export function parseOrderBy(clauses: readonly string[]): OrderKey[] {
  if (clauses.length > MAX_ORDER_KEYS) {
    throw new ShipyardError(
      'SHIPYARD_FILTER_INVALID',
      `order_by: at most ${MAX_ORDER_KEYS} clauses are supported, got ${clauses.length}`,
      { details: { field: 'order_by' } },
    )
  }
  return clauses.map((clause, index) => {
    try {
      return parseOrderClause(clause)
    } catch (error) {
      if (!(error instanceof ShipyardError)) throw error
      throw new ShipyardError(error.code, error.message, { details: { ...error.details, clause: index } })
    }
  })
}

function parseOrderClause(clause: string): OrderKey {
  const what = `order_by clause '${clause}'`
  const tokens = tokenize(clause, what)
  const first = tokens[0]!
  if (first.kind === 'end')
    throw searchSyntaxError(what, 0, '', 'expected an identifier such as metrics.<key>')
  const identifier = readIdentifier(first, what)
  let descending = false
  let at = 1
  const direction = tokens[at]!
  if (direction.kind === 'word' && /^(ASC|DESC)$/i.test(direction.text)) {
    descending = direction.text.toUpperCase() === 'DESC'
    at++
  }
  const rest = tokens[at]!
  if (rest.kind !== 'end') {
    const expected =
      at === 1 ? 'expected ASC, DESC or the end of the clause' : 'expected the end of the clause'
    throw searchSyntaxError(
      what,
      rest.position,
      rest.text,
      `${expected} (give each order_by clause as its own entry)`,
    )
  }
  return identifier.entity === 'attribute'
    ? { kind: 'attribute', attribute: identifier.attribute, descending }
    : { kind: identifier.entity, key: identifier.key, descending }
}
