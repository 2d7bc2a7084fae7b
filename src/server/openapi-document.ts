import type { BodySpec, NativeRoute } from './native-route.js'
import { type JsonSchema, NAMED_SCHEMAS, type ObjectSchema } from './schemas/index.js'

/** An OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = { readonly openapi: '3.1.0' } & Readonly<Record<string, unknown>>

/** What the document says about the API as a whole. */
export interface OpenApiInfo {
  /** Where the routes are mounted, e.g. `/api/v1`: the document's server URL. */
  readonly prefix: string
  readonly title: string
  readonly version: string
  readonly description?: string
}

/**
 * Builds the OpenAPI 3.1 document of a route table: one operation per route, its path and query
 * parameters, body and responses taken from the same schemas Fastify validates with, plus the
 * error body every operation may answer with. Schemas of `NAMED_SCHEMAS` become components and
 * are referred to by `$ref`. Built once, at start-up.
 */
export function buildOpenApiDocument(routes: readonly NativeRoute[], info: OpenApiInfo): OpenApiDocument {
  const names = new Map<object, string>(Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [schema, name]))
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    paths[path] ??= {}
    paths[path][route.method.toLowerCase()] = operation(route, names)
  }
  const components: Record<string, unknown> = {}
  for (const [name, schema] of Object.entries(NAMED_SCHEMAS))
    components[name] = withRefs(schema, names, schema)
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description === undefined ? {} : { description: info.description }),
    },
    servers: [{ url: info.prefix }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: { schemas: components },
  }
}

function operation(route: NativeRoute, names: ReadonlyMap<object, string>): Record<string, unknown> {
  const parameters = [
    ...parametersOf(route.params, 'path', names),
    ...parametersOf(route.querystring, 'query', names),
  ]
  const responses: Record<string, unknown> = {}
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.body ? { content: content(spec.body, names) } : {}),
    }
  }
  responses.default = {
    description: 'An error: its status and `error_code` say which (see docs/errors.md).',
    content: { 'application/json': { schema: ref('ErrorBody') } },
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: content(route.body, names) } } : {}),
    responses,
  }
}

function parametersOf(
  schema: ObjectSchema | undefined,
  where: 'path' | 'query',
  names: ReadonlyMap<object, string>,
) {
  if (!schema) return []
  const required = new Set(schema.required ?? [])
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = property as { description?: string }
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description === undefined ? {} : { description }),
      schema: withRefs(rest, names),
    }
  })
}

function content(body: BodySpec, names: ReadonlyMap<object, string>): Record<string, unknown> {
  return body.contentType === 'application/json'
    ? { 'application/json': { schema: withRefs(body.schema, names) } }
    : { 'application/octet-stream': { schema: { description: body.description } } }
}

function ref(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` }
}

/** A copy of `schema` with every named sub-schema (other than `self`) replaced by its `$ref`. */
function withRefs(schema: unknown, names: ReadonlyMap<object, string>, self?: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return schema
  const name = schema === self ? undefined : names.get(schema)
  if (name !== undefined) return ref(name)
  if (Array.isArray(schema)) return schema.map((item) => withRefs(item, names))
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withRefs(value, names)]))
}
