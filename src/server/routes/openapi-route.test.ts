import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { NATIVE_API_PREFIX, nativeApiRoutes, refuseUndescribedRoutes } from '../native-api.js'
import { registerNativeRoutes } from '../native-route.js'
import { call, openTestApp, type TestApp } from '../test-app.js'

type Operation = {
  operationId: string
  parameters?: { name: string; in: string; required: boolean; schema?: unknown }[]
  requestBody?: { content: Record<string, { schema?: unknown }> }
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}
type Document = {
  openapi: string
  servers: { url: string }[]
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, unknown> }
}

/** `METHOD /path` of every route the server registered under `prefix`, read from `printRoutes`. */
function registeredRoutes(app: FastifyInstance, prefix: string): string[] {
  const routes: string[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line)
    if (!match) continue
    stack.length = (match[1] ?? '').length / 4
    stack.push(match[2] ?? '')
    const path = stack.join('')
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) {
      if (path.startsWith(`${prefix}/`)) routes.push(`${method} ${path.slice(prefix.length)}`)
    }
  }
  return routes.sort()
}

function documentedRoutes(document: Document): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort()
}

describe('native API: /api/v1/openapi.json', () => {
  let t: TestApp
  let document: Document
  before(async () => {
    t = await openTestApp()
    const response = await call<Document>(t.app, 'GET', '/api/v1/openapi.json')
    assert.equal(response.status, 200)
    document = response.body
  })
  after(() => t.close())

  it('is an OpenAPI 3.1 document served from the API prefix', () => {
    assert.equal(document.openapi, '3.1.0')
    assert.deepEqual(document.servers, [{ url: NATIVE_API_PREFIX }])
  })

  it('documents exactly the routes the server registered under /api/v1', () => {
    const registered = registeredRoutes(t.app, NATIVE_API_PREFIX)
    assert.ok(registered.length >= 20, `only ${registered.length} routes found; is printRoutes parsed right?`)
    assert.deepEqual(documentedRoutes(document), registered)
  })

  it('gives every operation a unique id, its path parameters, and a schema for every JSON body', () => {
    const ids = new Set<string>()
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method} ${path}`
        assert.ok(!ids.has(operation.operationId), `${where}: duplicate operationId`)
        ids.add(operation.operationId)
        const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)
        assert.deepEqual(declared, pathParams, `${where}: path parameters`)
        for (const parameter of operation.parameters ?? [])
          assert.ok(parameter.schema, `${where}: ${parameter.name}`)
        const bodies = [
          ...Object.values(operation.requestBody?.content ?? {}),
          ...Object.values(operation.responses).flatMap((response) => Object.values(response.content ?? {})),
        ]
        for (const body of bodies) assert.ok(body.schema, `${where}: a body without a schema`)
        const success = Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status))
        assert.equal(success.length, 1, `${where}: one success response`)
        assert.ok(operation.responses.default, `${where}: the error response`)
      }
    }
  })

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1],
    )
    assert.ok(refs.length > 0)
    for (const name of refs) assert.ok(name && document.components.schemas[name], `unresolved $ref ${name}`)
    assert.ok(document.paths['/runs/{runId}']?.get?.responses['200']?.content?.['application/json'])
  })

  it('documents the wire form of non-finite metric values', () => {
    assert.match(JSON.stringify(document.components.schemas.MetricValue), /NaN.*Infinity.*-Infinity/)
  })
})

describe('the native route table', () => {
  const deps = { store: {} as never, artifacts: {} as never }

  it('gives every route a JSON schema for each JSON body it takes or answers', () => {
    for (const route of nativeApiRoutes(deps)) {
      const where = `${route.method} ${route.url}`
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && !route.url.endsWith('/restore')) {
        assert.ok(route.body, `${where}: no request body`)
      }
      for (const response of Object.values(route.responses)) {
        if (response.body?.contentType === 'application/json') assert.ok(response.body.schema, where)
      }
      for (const params of [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '')) {
        assert.ok(route.params?.properties[params], `${where}: no schema for :${params}`)
      }
    }
  })

  it('makes start-up fail when a route is registered without being in the table', async () => {
    const routes = nativeApiRoutes(deps)
    const withExtra = async (extra: (scope: FastifyInstance) => void): Promise<FastifyInstance> => {
      const app = Fastify()
      app.register(
        async (scope) => {
          refuseUndescribedRoutes(scope, routes)
          registerNativeRoutes(scope, routes)
          extra(scope)
        },
        { prefix: NATIVE_API_PREFIX },
      )
      await app.ready()
      return app
    }
    await assert.rejects(
      withExtra((scope) => {
        scope.get('/undocumented', async () => ({}))
      }),
      /GET \/api\/v1\/undocumented is not in the native route table/,
    )
    await assert.rejects(
      withExtra((scope) => {
        scope.delete('/experiments', async () => ({}))
      }),
      /DELETE \/api\/v1\/experiments is not in the native route table/,
    )
    const fine = await withExtra(() => {})
    await fine.close()
  })
})
