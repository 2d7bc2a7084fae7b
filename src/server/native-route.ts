import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  RouteGenericInterface,
} from 'fastify'
import type { JsonSchema, ObjectSchema } from './schemas/json-schema.js'

/** How a route's request or response body travels. */
export type BodySpec =
  | { readonly contentType: 'application/json'; readonly schema: JsonSchema }
  | { readonly contentType: 'application/octet-stream'; readonly description: string }

/** One documented response of a route. A 204 has no body. */
export type ResponseSpec = { readonly description: string; readonly body?: BodySpec }

/** The HTTP methods the native API uses. */
export type NativeMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One route of the native API, described once: Fastify compiles its validators and serialisers
 * from it and the OpenAPI document is generated from the same object, so the two cannot drift.
 * `url` is relative to the API prefix, in Fastify's syntax (`/runs/:runId`).
 */
export interface NativeRoute {
  readonly method: NativeMethod
  readonly url: string
  /** Unique; the OpenAPI `operationId`, named after the store method where there is one. */
  readonly operationId: string
  readonly summary: string
  /** The OpenAPI tag that groups the route: its resource. */
  readonly tag: string
  readonly params?: ObjectSchema
  readonly querystring?: ObjectSchema
  readonly body?: BodySpec
  readonly responses: Readonly<Record<number, ResponseSpec>>
  readonly handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>
}

/**
 * Declares a route with its request types. `G` names the shapes the schemas guarantee, so the
 * handler reads `request.body` typed without a cast of its own.
 */
export function defineRoute<G extends RouteGenericInterface>(
  route: Omit<NativeRoute, 'handler'> & {
    readonly handler: (request: FastifyRequest<G>, reply: FastifyReply) => Promise<unknown>
  },
): NativeRoute {
  const { handler, ...rest } = route
  return { ...rest, handler: (request, reply) => handler(request as unknown as FastifyRequest<G>, reply) }
}

/** Registers routes on an (encapsulated) instance whose prefix is the API's. */
export function registerNativeRoutes(app: FastifyInstance, routes: readonly NativeRoute[]): void {
  for (const route of routes) {
    app.route({ method: route.method, url: route.url, schema: fastifySchema(route), handler: route.handler })
  }
}

/** The Fastify form of a route's schemas: JSON bodies are validated and serialised, bytes pass through. */
function fastifySchema(route: NativeRoute): FastifySchema {
  const response: Record<number, JsonSchema> = {}
  for (const [status, spec] of Object.entries(route.responses)) {
    if (spec.body?.contentType === 'application/json') response[Number(status)] = spec.body.schema
  }
  return {
    ...(route.params ? { params: route.params } : {}),
    ...(route.querystring ? { querystring: route.querystring } : {}),
    ...(route.body?.contentType === 'application/json' ? { body: route.body.schema } : {}),
    response,
  }
}
