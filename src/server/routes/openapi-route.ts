import { defineRoute, type NativeRoute } from '../native-route.js'
import { buildOpenApiDocument, type OpenApiInfo } from '../openapi-document.js'
import { ok } from './json-responses.js'

const documentSchema = {
  type: 'object',
  description: 'An OpenAPI 3.1 document.',
  additionalProperties: true,
} as const

/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of `routes` and of this route itself, built and
 * serialised once, when the route is created.
 */
export function openApiRoute(routes: readonly NativeRoute[], info: OpenApiInfo): NativeRoute {
  let body = ''
  const self = defineRoute({
    method: 'GET',
    url: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This API, described as an OpenAPI 3.1 document.',
    tag: 'meta',
    responses: ok('The document.', documentSchema),
    handler: async (_request, reply) => reply.type('application/json; charset=utf-8').send(body),
  })
  body = JSON.stringify(buildOpenApiDocument([...routes, self], info))
  return self
}
