import type {
  MetricCondition,
  ModelVersion,
  RegisteredModel,
  SearchModelsQuery,
  SearchVersionsQuery,
} from '../../registry/index.js'
import { likeToRegExp } from './experiment-filter.js'
import { type FilterToken, filterError, tokenizeFilter } from './filter-tokens.js'

/**
 * A parsed `filter` of `registered-models/search` or `model-versions/search`: the exact predicate,
 * and the part of it the registry can apply itself (`narrow`, always at least as wide as the
 * predicate), so a search reads only what may match and checks the rest in memory.
 */
export interface RegistryFilter<T, Q> {
  readonly matches: (item: T) => boolean
  readonly narrow: Q
}

/**
 * MLflow's registered-model filter: clauses joined by `AND`, each `name` or `tags.<key>` with `=`,
 * `!=`, `LIKE` (case-sensitive), `ILIKE` or `IN ('a', 'b')` and a quoted string. An empty filter
 * matches every model. Anything else throws `SHIPYARD_FILTER_INVALID` naming the position.
 *
 * @example
 * parseModelFilter("name ILIKE '%churn%' AND tags.team = 'risk'")
 */
export function parseModelFilter(
  filter: string | undefined,
): RegistryFilter<RegisteredModel, Pick<SearchModelsQuery, 'nameLike' | 'tags'>> {
  const clauses = parseClauses(filter ?? '', modelField)
  const tags: Record<string, string> = {}
  let nameLike: string | undefined
  for (const { subject, op, operand } of clauses) {
    if (typeof operand !== 'string' || operand.includes('\\')) continue
    if (subject === 'name' && (op === '=' || op === 'LIKE')) nameLike ??= operand
    else if (subject.startsWith('tags.') && op === '=') tags[subject.slice(5)] = operand
  }
  return {
    matches: (model) => clauses.every((clause) => clause.test(model)),
    narrow: {
      ...(nameLike === undefined ? {} : { nameLike }),
      ...(Object.keys(tags).length === 0 ? {} : { tags }),
    },
  }
}

/**
 * MLflow's model-version filter: clauses joined by `AND` on `name`, `run_id`, `source_path` and
 * `tags.<key>` (strings: `=`, `!=`, `LIKE`, `ILIKE`, `IN (...)`), `version_number` (numbers: `=`,
 * `!=`, `<`, `<=`, `>`, `>=`), and Shipyard's `metrics.<name>` (the version's metrics, as numbers;
 * a missing or non-finite metric matches nothing).
 *
 * @example
 * parseVersionFilter("name = 'churn' AND metrics.valid_roc_auc >= 0.9")
 */
export function parseVersionFilter(
  filter: string | undefined,
): RegistryFilter<ModelVersion, Pick<SearchVersionsQuery, 'name' | 'runId' | 'metrics'>> {
  const clauses = parseClauses(filter ?? '', versionField)
  const metrics: MetricCondition[] = []
  let name: string | undefined
  let runId: string | undefined
  for (const { subject, op, operand } of clauses) {
    if (op === '=' && typeof operand === 'string') {
      if (subject === 'name') name ??= operand
      if (subject === 'run_id') runId ??= operand
    }
    if (subject.startsWith('metrics.') && typeof operand === 'number' && isNumericOp(op)) {
      metrics.push({ metric: subject.slice(8), op, value: operand })
    }
  }
  return {
    matches: (version) => clauses.every((clause) => clause.test(version)),
    narrow: {
      ...(name === undefined ? {} : { name }),
      ...(runId === undefined ? {} : { runId }),
      ...(metrics.length === 0 ? {} : { metrics }),
    },
  }
}

/** What a field of an entity is: a string or a number, and how to read it (undefined: absent). */
type Field<T> =
  | { readonly kind: 'string'; readonly read: (item: T) => string | undefined }
  | { readonly kind: 'number'; readonly read: (item: T) => number | undefined }

type FieldOf<T> = (subject: string) => Field<T> | undefined

const tagField = <T extends { readonly tags: Readonly<Record<string, string>> }>(key: string): Field<T> => ({
  kind: 'string',
  read: (item) => (Object.hasOwn(item.tags, key) ? item.tags[key] : undefined),
})

function modelField(subject: string): Field<RegisteredModel> | undefined {
  if (subject === 'name') return { kind: 'string', read: (model) => model.name }
  return subject.startsWith('tags.') ? tagField(subject.slice(5)) : undefined
}

const VERSION_FIELDS: Readonly<Record<string, Field<ModelVersion>>> = {
  name: { kind: 'string', read: (version) => version.name },
  run_id: { kind: 'string', read: (version) => version.lineage.runId ?? undefined },
  source_path: { kind: 'string', read: (version) => version.lineage.source },
  version_number: { kind: 'number', read: (version) => version.version },
}

function versionField(subject: string): Field<ModelVersion> | undefined {
  if (Object.hasOwn(VERSION_FIELDS, subject)) return VERSION_FIELDS[subject]
  if (subject.startsWith('tags.')) return tagField(subject.slice(5))
  if (!subject.startsWith('metrics.')) return undefined
  const metric = subject.slice(8)
  // A missing or non-finite metric never matches, as in the registry's own metric search.
  const finite = (value: number | undefined) =>
    value !== undefined && Number.isFinite(value) ? value : undefined
  return {
    kind: 'number',
    read: (version) => (Object.hasOwn(version.metrics, metric) ? finite(version.metrics[metric]) : undefined),
  }
}

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN'

/** One clause, its subject normalised (`attributes.name` to `name`, back-quoted tag keys unquoted). */
interface Clause<T> {
  readonly subject: string
  readonly op: Op
  readonly operand: string | number | readonly string[]
  readonly test: (item: T) => boolean
}

function isNumericOp(op: Op): op is MetricCondition['op'] {
  return op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>='
}

/** Reads the next token, or fails naming what was expected there. */
type Next = (expected: string) => FilterToken

function parseClauses<T>(filter: string, fieldOf: FieldOf<T>): Clause<T>[] {
  const tokens = tokenizeFilter(filter)
  let i = 0
  const next: Next = (expected) => {
    const token = tokens[i++]
    if (token === undefined) throw filterError(filter, filter.length, '', expected)
    return token
  }
  const clauses: Clause<T>[] = []
  while (i < tokens.length) {
    if (clauses.length > 0) {
      const and = next("expected 'AND'")
      if (and.text.toUpperCase() !== 'AND')
        throw filterError(filter, and.position, and.text, "expected 'AND' or the end")
    }
    clauses.push(parseClause(filter, next, fieldOf))
  }
  return clauses
}

function parseClause<T>(filter: string, next: Next, fieldOf: FieldOf<T>): Clause<T> {
  const subjectToken = next('expected a field')
  const subject = normalise(subjectToken.text)
  const field = fieldOf(subject)
  if (field === undefined) {
    const reason = `'${subjectToken.text}' is not a field that can be filtered on`
    throw filterError(filter, subjectToken.position, subjectToken.text, reason)
  }
  const opToken = next('expected a comparator')
  const op = opToken.text.toUpperCase() as Op
  if (field.kind === 'number') {
    const { operand, test } = numberTest(filter, op, opToken, next)
    return { subject, op, operand, test: (item) => holds(field.read(item), test) }
  }
  const { operand, test } = stringTest(filter, op, opToken, next)
  return { subject, op, operand, test: (item) => holds(field.read(item), test) }
}

/** An absent value (a missing tag or metric) matches no condition, not even `!=`. */
function holds<V>(value: V | undefined, test: (value: V) => boolean): boolean {
  return value !== undefined && test(value)
}

const NUMERIC: Readonly<Record<MetricCondition['op'], (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
}

function numberTest(
  filter: string,
  op: Op,
  opToken: FilterToken,
  next: Next,
): { operand: number; test: (value: number) => boolean } {
  if (!isNumericOp(op))
    throw filterError(filter, opToken.position, opToken.text, 'expected =, !=, <, <=, > or >=')
  const token = next('expected a number')
  if (token.number === undefined) throw filterError(filter, token.position, token.text, 'expected a number')
  const expected = token.number
  const compare = NUMERIC[op]
  return { operand: expected, test: (value) => compare(value, expected) }
}

function stringTest(
  filter: string,
  op: Op,
  opToken: FilterToken,
  next: Next,
): { operand: string | readonly string[]; test: (value: string) => boolean } {
  if (op === 'IN') return inList(filter, next)
  if (op !== '=' && op !== '!=' && op !== 'LIKE' && op !== 'ILIKE') {
    throw filterError(filter, opToken.position, opToken.text, 'expected =, !=, LIKE, ILIKE or IN')
  }
  const token = next('expected a quoted string')
  if (token.string === undefined)
    throw filterError(filter, token.position, token.text, 'expected a quoted string')
  const expected = token.string
  if (op === '=') return { operand: expected, test: (value) => value === expected }
  if (op === '!=') return { operand: expected, test: (value) => value !== expected }
  const pattern = likeToRegExp(expected, op === 'ILIKE')
  return { operand: expected, test: (value) => pattern.test(value) }
}

function inList(
  filter: string,
  next: Next,
): { operand: readonly string[]; test: (value: string) => boolean } {
  const open = next("expected '('")
  if (open.text !== '(') throw filterError(filter, open.position, open.text, "expected '('")
  const values: string[] = []
  for (;;) {
    const value = next('expected a quoted string')
    if (value.string === undefined)
      throw filterError(filter, value.position, value.text, 'expected a quoted string')
    values.push(value.string)
    const separator = next("expected ',' or ')'")
    if (separator.text === ')') break
    if (separator.text !== ',')
      throw filterError(filter, separator.position, separator.text, "expected ',' or ')'")
  }
  const set = new Set(values)
  return { operand: values, test: (value) => set.has(value) }
}

/** `attribute.name`/`attributes.name` to `name`; `tag.k` and back-quoted keys to `tags.k`. */
function normalise(subject: string): string {
  const unprefixed = subject.replace(/^attributes?\./i, '')
  const match = /^(tags?|metrics?)\.(?:`([^`]*)`|(.+))$/i.exec(unprefixed)
  if (match === null) return unprefixed.toLowerCase()
  const kind = match[1]!.toLowerCase().startsWith('tag') ? 'tags' : 'metrics'
  return `${kind}.${match[2] ?? match[3]}`
}
