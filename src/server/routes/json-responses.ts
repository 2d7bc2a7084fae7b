import type { BodySpec, ResponseSpec } from '../native-route.js'
import type { JsonSchema } from '../schemas/json-schema.js'

/** A JSON response body of the given schema. */
export function json(schema: JsonSchema): BodySpec {
  return { contentType: 'application/json', schema }
}

/** `200` with a JSON body. */
export function ok(description: string, schema: JsonSchema): Readonly<Record<number, ResponseSpec>> {
  return { 200: { description, body: json(schema) } }
}

/** `201` with a JSON body: something was created. */
export function created(description: string, schema: JsonSchema): Readonly<Record<number, ResponseSpec>> {
  return { 201: { description, body: json(schema) } }
}

/** `204`: done, nothing to say. */
export const NO_CONTENT: Readonly<Record<number, ResponseSpec>> = { 204: { description: 'Done.' } }
