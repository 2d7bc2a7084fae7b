import type { Experiment } from '../../tracking/index.js'
import { type FilterToken, filterError, tokenizeFilter } from './filter-tokens.js'

/** Whether an experiment passes a filter. */
export type ExperimentPredicate = (experiment: Experiment) => boolean

/**
 * Parses the subset of MLflow's experiment filter grammar that the server evaluates in memory:
 * clauses joined by `AND`, each one of
 * - `name` (or `attribute.name`, `attributes.name`) `=`, `!=`, `LIKE`, `ILIKE` a quoted string;
 * - `tags.<key>` (the key may be back-quoted) with the same comparators;
 * - `creation_time` or `last_update_time` with `=`, `!=`, `<`, `<=`, `>`, `>=` an integer.
 * `LIKE` is case-sensitive, `ILIKE` is not; `%` matches any run of characters and `_` one, as in SQL.
 * A missing tag matches nothing. Anything else throws `SHIPYARD_FILTER_INVALID` (an MLflow
 * `INVALID_PARAMETER_VALUE`) with the position of the token at fault.
 *
 * @example
 * parseExperimentFilter("name LIKE 'fraud-%' AND tags.team = 'risk'")
 */
export function parseExperimentFilter(filter: string): ExperimentPredicate {
  const tokens = tokenizeFilter(filter)
  const clauses: ExperimentPredicate[] = []
  let i = 0
  const next = (expected: string): FilterToken => {
    const token = tokens[i++]
    if (token === undefined) throw filterError(filter, filter.length, '', expected)
    return token
  }
  for (;;) {
    const subject = next('expected name, tags.<key>, creation_time or last_update_time')
    const op = next('expected a comparator (=, !=, LIKE, ILIKE, <, <=, >, >=)')
    const operand = next('expected a quoted string or an integer')
    clauses.push(clause(filter, subject, op, operand))
    const and = tokens[i++]
    if (and === undefined) break
    if (and.text.toUpperCase() !== 'AND')
      throw filterError(filter, and.position, and.text, "expected 'AND' or the end")
  }
  return (experiment) => clauses.every((matches) => matches(experiment))
}

const NAME = new Set(['name', 'attribute.name', 'attributes.name'])
const TIMES = { creation_time: 'creationTime', last_update_time: 'lastUpdateTime' } as const

function clause(
  filter: string,
  subject: FilterToken,
  op: FilterToken,
  operand: FilterToken,
): ExperimentPredicate {
  const field = subject.text.replace(/^attributes?\./, '')
  if (Object.hasOwn(TIMES, field)) {
    const key = TIMES[field as keyof typeof TIMES]
    const compare = numericComparators.get(op.text)
    if (compare === undefined)
      throw filterError(filter, op.position, op.text, 'expected =, !=, <, <=, > or >=')
    if (operand.string !== undefined || !/^-?\d+$/.test(operand.text)) {
      throw filterError(filter, operand.position, operand.text, `expected an integer for ${field}`)
    }
    const value = Number(operand.text)
    return (experiment) => compare(experiment[key], value)
  }
  const read = NAME.has(subject.text) ? nameOf : tagReader(filter, subject)
  const matches = stringMatcher(filter, op, operand)
  return (experiment) => {
    const value = read(experiment)
    return value !== undefined && matches(value)
  }
}

const nameOf = (experiment: Experiment): string => experiment.name

function tagReader(filter: string, subject: FilterToken): (experiment: Experiment) => string | undefined {
  const match = /^tags?\.(?:`([^`]*)`|([\w.]+))$/.exec(subject.text)
  const key = match?.[1] ?? match?.[2]
  if (key === undefined) {
    throw filterError(
      filter,
      subject.position,
      subject.text,
      'expected name, tags.<key>, creation_time or last_update_time',
    )
  }
  return (experiment) => (Object.hasOwn(experiment.tags, key) ? experiment.tags[key] : undefined)
}

function stringMatcher(filter: string, op: FilterToken, operand: FilterToken): (value: string) => boolean {
  if (operand.string === undefined)
    throw filterError(filter, operand.position, operand.text, 'expected a quoted string')
  const expected = operand.string
  switch (op.text.toUpperCase()) {
    case '=':
      return (value) => value === expected
    case '!=':
      return (value) => value !== expected
    case 'LIKE':
    case 'ILIKE': {
      const pattern = likeToRegExp(expected, op.text.toUpperCase() === 'ILIKE')
      return (value) => pattern.test(value)
    }
    default:
      throw filterError(filter, op.position, op.text, 'expected =, !=, LIKE or ILIKE')
  }
}

/** SQL's LIKE pattern as an anchored regular expression: `%` any run, `_` one character, the rest literal. */
export function likeToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern.replace(/[%_]|[.*+?^${}()|[\]\\]/g, (c) =>
    c === '%' ? '.*' : c === '_' ? '.' : `\\${c}`,
  )
  return new RegExp(`^${body}$`, ignoreCase ? 'isu' : 'su')
}

const numericComparators: ReadonlyMap<string, (a: number, b: number) => boolean> = new Map([
  ['=', (a: number, b: number) => a === b],
  ['!=', (a: number, b: number) => a !== b],
  ['<', (a: number, b: number) => a < b],
  ['<=', (a: number, b: number) => a <= b],
  ['>', (a: number, b: number) => a > b],
  ['>=', (a: number, b: number) => a >= b],
])
