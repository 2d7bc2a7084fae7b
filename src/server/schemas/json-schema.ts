/**
 * A JSON Schema as plain data. Route schemas are written once in this form and feed three
 * consumers: Ajv (request validation), fast-json-stringify (response serialisation) and the
 * OpenAPI document. Keep to keywords all three understand: `type`, `properties`, `required`,
 * `additionalProperties`, `items`, `enum`, `anyOf`, `minLength`, `description`, `title`, `examples`.
 */
export type JsonSchema = { readonly [keyword: string]: unknown }

/** An object schema, as used for path parameters and query strings (one OpenAPI parameter per property). */
export interface ObjectSchema extends JsonSchema {
  readonly type: 'object'
  readonly properties: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly additionalProperties?: boolean | JsonSchema
}

/** An object schema whose listed properties are all required and no others are allowed. */
export function strictObject(
  properties: Readonly<Record<string, JsonSchema>>,
  options: { readonly optional?: readonly string[]; readonly description?: string } = {},
): ObjectSchema {
  const optional = new Set(options.optional ?? [])
  const required = Object.keys(properties).filter((key) => !optional.has(key))
  return {
    type: 'object',
    ...(options.description === undefined ? {} : { description: options.description }),
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  }
}
