import type { JsonSchema, ObjectSchema } from './json-schema.js'
import { strictObject } from './json-schema.js'

/** Epoch milliseconds. */
export const epochMillisSchema = { type: 'integer', description: 'Epoch milliseconds.' } as const

/** A `{key: value}` map of strings: tags and params. */
export const stringMapSchema = {
  type: 'object',
  description: 'A map of string keys to string values.',
  additionalProperties: { type: 'string' },
} as const

/** Which lifecycle stages a listing includes. */
export const viewTypeSchema = {
  type: 'string',
  enum: ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'],
  description: 'Which lifecycle stages to include. Default ACTIVE_ONLY.',
} as const

/** Soft deletion state of an experiment or run. */
export const lifecycleStageSchema = { type: 'string', enum: ['active', 'deleted'] } as const

/** Default 1000; the store enforces its maximum. */
export const maxResultsSchema = {
  type: 'integer',
  description: 'Page size. Default 1000; at most 50000 (the store reports larger values).',
} as const

/** The opaque token of the next page, from a previous response. */
export const pageTokenSchema = {
  type: 'string',
  description: 'The `nextPageToken` of the previous page.',
} as const

/** `{key, value}`: one param or tag in a batch, or one experiment tag to set. */
export const keyValueSchema = strictObject({ key: { type: 'string' }, value: { type: 'string' } })

/**
 * The body of every error response: MLflow's `{error_code, message}`, plus Shipyard's stable code
 * and machine-readable details (the offending `field`, for instance). The typed client rebuilds
 * the same `ShipyardError` from it.
 */
export const errorBodySchema = strictObject(
  {
    error_code: { type: 'string', description: "MLflow's error code, e.g. RESOURCE_DOES_NOT_EXIST." },
    message: { type: 'string' },
    shipyard_code: { type: 'string', description: 'The Shipyard error code (see docs/errors.md).' },
    details: { type: 'object', additionalProperties: true },
  },
  { optional: ['shipyard_code', 'details'] },
)

/** A page of `items` and the token of the next page (absent on the last page). */
export function pageSchema(items: JsonSchema, description: string): ObjectSchema {
  return strictObject(
    { items: { type: 'array', items }, nextPageToken: pageTokenSchema },
    { optional: ['nextPageToken'], description },
  )
}
