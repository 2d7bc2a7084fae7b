import assert from 'node:assert/strict'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { ShipyardError } from '../shared/index.js'
import { ApiClient, idSegment } from './api-client.js'
import { HttpTrackingStore } from './http-tracking-store.js'

const isShipyard = (code: string, message?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ShipyardError, `not a ShipyardError: ${String(error)}`)
  assert.equal(error.code, code, error.message)
  if (message) assert.match(error.message, message)
  return true
}

/** A server that is not Shipyard: it answers whatever `reply` says and remembers the requests. */
function foreignServer(reply: (url: string) => { status: number; body: string; type?: string }) {
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      const answer = reply(request.url ?? '')
      response.writeHead(answer.status, { 'content-type': answer.type ?? 'text/html' }).end(answer.body)
    })
  })
  return { server, seen }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('ApiClient', () => {
  const answers: Record<string, { status: number; body: string; type?: string }> = {
    '/api/v1/experiments/404': { status: 404, body: '<h1>Not Found</h1>' },
    '/api/v1/experiments/502': { status: 502, body: '<h1>Bad Gateway</h1>' },
    '/api/v1/experiments/500': { status: 500, body: 'oops' },
    '/api/v1/experiments/html': { status: 200, body: '<html></html>' },
    '/api/v1/experiments/shipyard': {
      status: 400,
      type: 'application/json',
      body: JSON.stringify({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'name: bad',
        shipyard_code: 'SHIPYARD_FILTER_INVALID',
        details: { position: 3 },
      }),
    },
  }
  const foreign = foreignServer((url) => answers[url] ?? { status: 204, body: '' })
  let url: string
  before(async () => {
    url = await listen(foreign.server)
  })
  after(() => new Promise<void>((resolve) => foreign.server.close(() => resolve())))

  it('reports a server that cannot be reached as SHIPYARD_REMOTE_UNREACHABLE naming the URL', async () => {
    const closed = createServer()
    const closedUrl = await listen(closed)
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const store = new HttpTrackingStore(closedUrl)
    await assert.rejects(store.getExperiment('0'), (error: unknown) => {
      isShipyard('SHIPYARD_REMOTE_UNREACHABLE', /ECONNREFUSED/)(error)
      assert.ok((error as ShipyardError).message.includes(closedUrl))
      assert.deepEqual((error as ShipyardError).details, { url: closedUrl })
      return true
    })
  })

  it('rebuilds a Shipyard error body as the same error', async () => {
    await assert.rejects(new HttpTrackingStore(url).getExperiment('shipyard'), (error: unknown) => {
      isShipyard('SHIPYARD_FILTER_INVALID', /name: bad/)(error)
      assert.deepEqual((error as ShipyardError).details, { position: 3 })
      return true
    })
  })

  it('says when the URL does not look like a Shipyard server', async () => {
    const store = new HttpTrackingStore(url)
    await assert.rejects(
      store.getExperiment('404'),
      isShipyard('ENDPOINT_NOT_FOUND', /Not Found.*Shipyard server\?/),
    )
    await assert.rejects(store.getExperiment('500'), isShipyard('INTERNAL_ERROR', /HTTP 500: oops/))
    await assert.rejects(store.getExperiment('html'), isShipyard('INTERNAL_ERROR', /not JSON/))
  })

  it('reports a proxy that cannot reach the server as SHIPYARD_REMOTE_UNREACHABLE', async () => {
    const store = new HttpTrackingStore(url)
    await assert.rejects(store.getExperiment('502'), isShipyard('SHIPYARD_REMOTE_UNREACHABLE', /502/))
  })

  it('keeps a path prefix of the tracking URI, drops trailing slashes and sends extra headers', async () => {
    const client = new ApiClient(`${url}/shipyard//`, { headers: { authorization: 'Bearer t' } })
    assert.equal(client.trackingUri, `${url}/shipyard`)
    await client.json('POST', '/runs/x/restore', { query: { a: 'b c', skipped: undefined } })
    await client.json('PUT', '/x', { json: { k: 1 } })
    const [restore, put] = foreign.seen.slice(-2)
    assert.equal(restore?.url, '/shipyard/api/v1/runs/x/restore?a=b+c')
    assert.equal(restore?.headers.authorization, 'Bearer t')
    assert.equal(restore?.headers['content-type'], undefined)
    assert.equal(restore?.body, '')
    assert.equal(put?.headers['content-type'], 'application/json')
    assert.equal(put?.body, '{"k":1}')
  })

  it('encodes ids as one path segment and fails on ids no URL can carry as the store does', () => {
    assert.equal(idSegment('a/b?c#d', 'run'), 'a%2Fb%3Fc%23d')
    assert.throws(
      () => idSegment('..', 'run'),
      isShipyard('RESOURCE_DOES_NOT_EXIST', /run '\.\.' does not exist/),
    )
    assert.throws(
      () => idSegment('.', 'experiment'),
      isShipyard('RESOURCE_DOES_NOT_EXIST', /experiment '\.'/),
    )
  })
})
