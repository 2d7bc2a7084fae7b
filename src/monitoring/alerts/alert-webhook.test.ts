// Webhook calls against a real local HTTP server: the JSON body, one retry after a failed attempt
// (an error status, no answer in time, a refused connection), and outcomes instead of exceptions.
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import type { AlertRecord } from './alert-store.js'
import { alertWebhookBody, postWebhook } from './alert-webhook.js'

/** How the receiver answers each call, in turn; past the end, 204. */
let answers: ((response: ServerResponse) => void)[] = []
const received: { headers: IncomingMessage['headers']; body: unknown }[] = []
let server: Server
let url: string

before(async () => {
  server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString()
    })
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) })
      const answer = answers.shift() ?? ((r: ServerResponse) => r.writeHead(204).end())
      answer(response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
})
after(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const fired: AlertRecord = {
  id: 'a1',
  model: 'churn',
  version: null,
  condition: 'error_rate',
  kind: 'error_rate',
  state: 'firing',
  value: 0.2,
  threshold: 0.05,
  firedAt: 1_000,
  resolvedAt: null,
  resolvedValue: null,
  webhook: { firing: null, resolved: null },
  retrain: null,
}
const fast = { timeoutMs: 2000, retryDelayMs: 1 }

function reset(...next: ((response: ServerResponse) => void)[]): void {
  answers = next
  received.length = 0
}

describe('alertWebhookBody', () => {
  it('gives the firing value, then the resolving one, and links the report when there is one', () => {
    assert.deepEqual(alertWebhookBody(fired, null), {
      alert_id: 'a1',
      model: 'churn',
      version: null,
      condition: 'error_rate',
      kind: 'error_rate',
      state: 'firing',
      value: 0.2,
      threshold: 0.05,
      fired_at: 1_000,
      resolved_at: null,
    })
    const resolved = { ...fired, state: 'resolved', resolvedAt: 5_000, resolvedValue: 0.01 } as const
    const body = alertWebhookBody(resolved, 'http://shipyard/api/v1/models/churn/monitor?window=1h')
    assert.deepEqual(
      [body.state, body.value, body.resolved_at, body.report_url],
      ['resolved', 0.01, 5_000, 'http://shipyard/api/v1/models/churn/monitor?window=1h'],
    )
  })
})

describe('postWebhook', () => {
  it('POSTs the body as JSON once when the receiver takes it', async () => {
    reset()
    const delivery = await postWebhook(url, alertWebhookBody(fired, null), fast)
    assert.deepEqual(
      { ...delivery, at: 0 },
      { delivered: true, attempts: 1, status: 204, error: null, at: 0 },
    )
    assert.equal(received.length, 1)
    assert.equal(received[0]!.headers['content-type'], 'application/json')
    assert.deepEqual(received[0]!.body, alertWebhookBody(fired, null))
  })

  it('tries once more after an error status, and reports the second outcome', async () => {
    reset((r) => r.writeHead(503).end('busy'))
    const recovered = await postWebhook(url, alertWebhookBody(fired, null), fast)
    assert.deepEqual([recovered.delivered, recovered.attempts, recovered.status], [true, 2, 204])
    assert.equal(received.length, 2)
    reset(
      (r) => r.writeHead(500).end(),
      (r) => r.writeHead(500).end(),
    )
    const failed = await postWebhook(url, alertWebhookBody(fired, null), fast)
    assert.deepEqual(
      [failed.delivered, failed.attempts, failed.status, failed.error],
      [false, 2, 500, 'HTTP 500'],
    )
    assert.equal(received.length, 2, 'one retry, no more')
  })

  it('gives up on an attempt that gets no answer in time, and on a refused connection', async () => {
    reset(
      () => {},
      () => {},
    )
    const silent = await postWebhook(url, alertWebhookBody(fired, null), { timeoutMs: 50, retryDelayMs: 1 })
    assert.deepEqual(
      [silent.delivered, silent.attempts, silent.status, silent.error],
      [false, 2, null, 'no answer within 50 ms'],
    )
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const refused = await postWebhook(`http://127.0.0.1:${port}/`, alertWebhookBody(fired, null), fast)
    assert.deepEqual([refused.delivered, refused.attempts, refused.status], [false, 2, null])
    assert.match(refused.error!, /ECONNREFUSED/)
  })
})
