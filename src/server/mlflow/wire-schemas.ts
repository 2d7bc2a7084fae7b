/**
 * JSON-schema fragments for MLflow request bodies and query strings. Every leaf has a `description`
 * that validation errors quote, so a client reads `expected an integer…` rather than Ajv's keyword
 * talk. Objects never forbid extra properties: MLflow ignores fields it does not know, and so do we.
 */

/** A JSON schema as plain data; Fastify compiles these once, when the routes are registered. */
export type JsonSchema = Readonly<Record<string, unknown>>

/** A string field. */
export const STRING: JsonSchema = { type: 'string', description: 'expected a string' }

/** An int64 as protobuf JSON writes it: a number or a decimal string (checked by `int64FromWire`). */
export const INT64: JsonSchema = {
  type: ['integer', 'string'],
  pattern: '^\\s*-?\\d+\\s*$',
  description: 'expected an integer (a JSON number or a decimal string)',
}

/** A double: a number, or a string (a numeric one, or `NaN`/`Infinity`/`-Infinity`, checked by `doubleFromWire`). */
export const DOUBLE: JsonSchema = {
  type: ['number', 'string'],
  description: 'expected a number, "NaN", "Infinity" or "-Infinity"',
}

/** MLflow's `ViewType` enum, by name. */
export const VIEW_TYPE: JsonSchema = {
  type: 'string',
  enum: ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'],
  description: 'expected one of ACTIVE_ONLY, DELETED_ONLY, ALL',
}

/** A list of `{key, value}` string pairs: tags and params. */
export const KEY_VALUE_LIST: JsonSchema = {
  type: 'array',
  description: 'expected a list of {key, value} objects',
  items: {
    type: 'object',
    description: 'expected a {key, value} object',
    properties: { key: STRING, value: STRING },
    required: ['key', 'value'],
  },
}

/** A list of strings (experiment ids, order-by clauses). */
export const STRING_LIST: JsonSchema = {
  type: 'array',
  items: STRING,
  description: 'expected a list of strings',
}

/** One metric point: `{key, value, timestamp, step?}`. */
export const METRIC: JsonSchema = {
  type: 'object',
  description: 'expected a {key, value, timestamp, step} object',
  properties: { key: STRING, value: DOUBLE, timestamp: INT64, step: INT64 },
  required: ['key', 'value', 'timestamp'],
}

/** The run a request names: either field, `run_id` winning (see `runIdFromWire`). */
export const RUN_ID_PROPERTIES = { run_id: STRING, run_uuid: STRING } as const

/** A request object (a JSON body or a query string) with these properties; extra properties are allowed. */
export function requestSchema(
  properties: Readonly<Record<string, JsonSchema>>,
  required: readonly string[] = [],
): JsonSchema {
  return { type: 'object', description: 'expected a JSON object', properties, required }
}
