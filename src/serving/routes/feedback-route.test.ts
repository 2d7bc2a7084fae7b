// POST /v1/feedback in process, over a real embedded prediction log: single and batched labels, late
// and duplicate labels (the latest wins and is counted as replacing), unmatched ids, and bad items
// refused whole with the index and field named.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { openPredictionLog, type PredictionLogStore, type PredictionRecord } from '../../monitoring/index.js'
import { renderServingError } from '../serving-errors.js'
import { feedbackRoute } from './feedback-route.js'

const T0 = Date.parse('2024-05-01T10:00:00Z')

function record(requestId: string, row = 0): PredictionRecord {
  return {
    requestId,
    row,
    time: T0,
    model: 'churn',
    version: 1,
    alias: 'production',
    arm: 'primary',
    inputs: { age: 40 },
    outputs: { label: 'yes', probability: 0.8 },
    latencyMs: 1,
    cache: 'off',
    errorCode: null,
    errorMessage: null,
  }
}

let dir: string
let log: PredictionLogStore
let app: FastifyInstance
let clock = T0 + 3_600_000

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipyard-feedback-route-'))
  log = await openPredictionLog(
    { home: dir, database: { kind: 'sqlite', path: join(dir, 'shipyard.db') } },
    { autoCompact: false },
  )
  await log.append([record('r1'), record('r2'), record('r3'), record('r3', 1), record('r4')])
  app = Fastify()
  app.setErrorHandler(renderServingError)
  // The writer's queue holds r5 until a flush.
  const queued = [record('r5')]
  const writer = {
    flush: async () => {
      await log.append(queued.splice(0))
    },
  }
  await app.register(feedbackRoute({ log, writer, now: () => clock++ }))
})
after(async () => {
  await app.close()
  await log.close()
  await rm(dir, { recursive: true, force: true })
})

async function post(payload: unknown, contentType = 'application/json') {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/feedback',
    headers: { 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  })
  return { status: response.statusCode, body: response.json() as Record<string, unknown> }
}

async function labelsOf(requestId: string) {
  const rows = await log.labelled({ model: 'churn' })
  return rows.filter((l) => l.record.requestId === requestId).map((l) => [l.record.row, l.label])
}

describe('POST /v1/feedback', () => {
  it('stores one label, whatever the content type says', async () => {
    const answer = await post({ request_id: 'r1', label: 'no' }, 'application/x-www-form-urlencoded')
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    assert.deepEqual(answer.body, { accepted: 1, replaced: 0, unmatched: 0, unmatched_ids: [] })
    assert.deepEqual(await labelsOf('r1'), [[0, 'no']])
  })

  it('takes a batch: rows, late and duplicate labels (the latest wins, counted), unmatched ids', async () => {
    const answer = await post({
      labels: [
        { request_id: 'r2', label: 'yes' },
        { request_id: 'r3', label: 1, row: 1 },
        { request_id: 'r2', label: 'no' },
        { request_id: 'gone', label: 'yes' },
        { request_id: 'r1', label: 'yes' },
        { request_id: 'r4', label: true, row: 3 },
      ],
    })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    // r2's second label replaces its first; r1's replaces the one of the previous request.
    assert.deepEqual(answer.body, { accepted: 4, replaced: 2, unmatched: 2, unmatched_ids: ['gone', 'r4'] })
    assert.deepEqual(await labelsOf('r2'), [[0, 'no']])
    assert.deepEqual(await labelsOf('r1'), [[0, 'yes']])
    assert.deepEqual(await labelsOf('r3'), [[1, 1]])
    assert.deepEqual(await labelsOf('r4'), [])
  })

  it('writes the records still queued first, so a label right after its prediction matches', async () => {
    const answer = await post({ request_id: 'r5', label: 'yes' })
    assert.deepEqual(answer.body, { accepted: 1, replaced: 0, unmatched: 0, unmatched_ids: [] })
    assert.deepEqual(await labelsOf('r5'), [[0, 'yes']])
  })

  it('refuses a bad item naming its index and field, and stores nothing of that body', async () => {
    const cases: [unknown, string, RegExp][] = [
      [
        {
          labels: [
            { request_id: 'r4', label: 'yes' },
            { request_id: 'r4', label: null },
          ],
        },
        'labels[1].label',
        /labels\[1\]\.label: must be a class or a value .* got null/,
      ],
      [
        { labels: [{ request_id: 'r4', label: 'yes', row: -1 }] },
        'labels[0].row',
        /whole number >= 0, got -1/,
      ],
      [{ labels: [{ requestId: 'r4', label: 'yes' }] }, 'labels[0].requestId', /did you mean 'request_id'/],
      [{ labels: ['r4'] }, 'labels[0]', /must be an object/],
      [{ labels: [] }, 'labels', /1 to 10000 labels, got an array of 0/],
      [{ request_id: '', label: 'yes' }, 'request_id', /non-empty string/],
      [{ labels: [], model: 'churn' }, 'model', /a batch has only `labels`/],
    ]
    for (const [body, field, message] of cases) {
      const answer = await post(body)
      assert.equal(answer.status, 400, JSON.stringify(body))
      assert.equal(answer.body.shipyard_code, 'INVALID_PARAMETER_VALUE')
      assert.deepEqual(answer.body.details, { field }, JSON.stringify(answer.body))
      assert.match(String(answer.body.message), message)
    }
    assert.deepEqual(await labelsOf('r4'), [])
    const tooMany = Array.from({ length: 10_001 }, () => ({ request_id: 'r4', label: 'yes' }))
    assert.equal((await post({ labels: tooMany })).status, 400)
    assert.equal((await post('{"request_id": "r4",')).status, 400)
    assert.deepEqual(await labelsOf('r4'), [])
  })
})
