/**
 * The parsed forms of a run search: filter clauses and order keys. Both are closed, `kind`-tagged
 * unions; the SQL compiler dispatches on `kind` through exhaustive tables, so a new kind does not
 * compile until every table handles it. Values are plain JSON (no positions), so that two filters
 * that differ only in spacing or keyword case parse to equal trees.
 */

/** Comparators of metrics and numeric attributes. */
export type NumericComparator = '=' | '!=' | '>' | '>=' | '<' | '<='

/** Comparators of params, tags and string attributes that take one string. */
export type StringComparator = '=' | '!=' | 'LIKE' | 'ILIKE'

/** Comparators that take a parenthesised list of strings. */
export type ListComparator = 'IN' | 'NOT IN'

/** A comparison with a number; `value` may be ±Infinity for metrics (`1e999`), never NaN. */
export interface NumericTest {
  readonly comparator: NumericComparator
  readonly value: number
}

/**
 * A comparison with a string or a list of strings. LIKE patterns use `%` and `_` as wildcards and
 * `\` as the escape character (PostgreSQL's default), on every backend.
 */
export type StringTest =
  | { readonly comparator: StringComparator; readonly value: string }
  | { readonly comparator: ListComparator; readonly values: readonly string[] }

/** Attributes that compare as numbers: epoch milliseconds. `created` parses to `start_time`. */
export type NumericAttribute = 'start_time' | 'end_time'

/** Attributes that compare as strings. `run_id` takes only `=`, `!=`, `IN` and `NOT IN`. */
export type StringAttribute = 'run_id' | 'run_name' | 'status' | 'user_id' | 'artifact_uri'

/**
 * One `AND`-joined clause of a filter. A metric clause matches the run's latest value of that
 * metric (NaN never matches); a param or tag clause matches a run that has the key with a value
 * passing the test, so `!=` and `NOT IN` never match runs without the key (MLflow's semantics).
 */
export type FilterClause =
  | { readonly kind: 'metric'; readonly key: string; readonly test: NumericTest }
  | { readonly kind: 'param'; readonly key: string; readonly test: StringTest }
  | { readonly kind: 'tag'; readonly key: string; readonly test: StringTest }
  | { readonly kind: 'numeric-attribute'; readonly attribute: NumericAttribute; readonly test: NumericTest }
  | { readonly kind: 'string-attribute'; readonly attribute: StringAttribute; readonly test: StringTest }

/**
 * One order-by entry. Runs without the metric, param or tag (or without an end time) sort last in
 * both directions; runs whose latest metric value is NaN sort after those with a value and before
 * those without the metric, as in MLflow.
 */
export type OrderKey =
  | { readonly kind: 'metric'; readonly key: string; readonly descending: boolean }
  | { readonly kind: 'param'; readonly key: string; readonly descending: boolean }
  | { readonly kind: 'tag'; readonly key: string; readonly descending: boolean }
  | {
      readonly kind: 'attribute'
      readonly attribute: NumericAttribute | StringAttribute
      readonly descending: boolean
    }

/** How each attribute is typed and which comparators it accepts in a filter. */
export const ATTRIBUTES: Readonly<
  Record<
    NumericAttribute | StringAttribute,
    { readonly type: 'numeric' | 'string'; readonly comparators: readonly string[] }
  >
> = {
  run_id: { type: 'string', comparators: ['=', '!=', 'IN', 'NOT IN'] },
  run_name: { type: 'string', comparators: ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] },
  status: { type: 'string', comparators: ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] },
  user_id: { type: 'string', comparators: ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] },
  artifact_uri: { type: 'string', comparators: ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] },
  start_time: { type: 'numeric', comparators: ['=', '!=', '>', '>=', '<', '<='] },
  end_time: { type: 'numeric', comparators: ['=', '!=', '>', '>=', '<', '<='] },
}

/** True for the attributes that compare as numbers. */
export function isNumericAttribute(
  attribute: NumericAttribute | StringAttribute,
): attribute is NumericAttribute {
  return ATTRIBUTES[attribute].type === 'numeric'
}

/** Other spellings MLflow accepts for an attribute, lower-cased. */
const ATTRIBUTE_ALIASES: Readonly<Record<string, NumericAttribute | StringAttribute>> = {
  created: 'start_time',
  'run name': 'run_name',
}

/** The canonical attribute for a name (case-insensitive, aliases resolved), or undefined. */
export function resolveAttribute(name: string): NumericAttribute | StringAttribute | undefined {
  const lower = name.toLowerCase()
  if (Object.hasOwn(ATTRIBUTES, lower)) return lower as NumericAttribute | StringAttribute
  return ATTRIBUTE_ALIASES[lower]
}

/** The entity an identifier names: `metrics.x`, `params.x`, `tags.x`, or an attribute. */
export type EntityKind = 'metric' | 'param' | 'tag' | 'attribute'

/** Every identifier prefix, lower-cased, and the entity it names. */
export const PREFIXES: Readonly<Record<string, EntityKind>> = {
  metrics: 'metric',
  metric: 'metric',
  params: 'param',
  param: 'param',
  parameters: 'param',
  parameter: 'param',
  tags: 'tag',
  tag: 'tag',
  attributes: 'attribute',
  attribute: 'attribute',
  attr: 'attribute',
  run: 'attribute',
}
