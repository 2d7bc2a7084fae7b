// The inference server under load and over a real socket: alias moves while requests keep coming,
// a corrupt version refused, and a graceful shutdown that finishes the request in flight.
import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { TEST_DATABASE_BACKENDS } from '../sql/test-databases.js'
import { publishAliasChange } from './alias-notifications.js'
import type { InferenceServer } from './inference-server.js'
import {
  corruptStoredModel,
  openServingFixture,
  registerRegressor,
  type ServingFixture,
  testInferenceServer,
  until,
} from './testing/serving-fixtures.js'

const BODY = JSON.stringify({ instances: [{ amount: 1, city: 'lima' }] })
const ROUTE = { name: 'spend', ref: { kind: 'alias', alias: 'production' } } as const

/** One answer as the load test sees it: status, the version the headers name, the value predicted. */
interface Answer {
  readonly status: number
  readonly version: string
  readonly value: number
}

interface Timed extends Answer {
  readonly started: number
  readonly finished: number
}

type Send = () => Promise<Answer>

function socketSender(url: string): Send {
  return async () => {
    const response = await fetch(`${url}/v1/models/spend:predict`, { method: 'POST', body: BODY })
    const body = (await response.json()) as { predictions?: number[] }
    return {
      status: response.status,
      version: response.headers.get('x-model-version') ?? '',
      value: Math.round(body.predictions?.[0] ?? Number.NaN),
    }
  }
}

function injectSender(server: InferenceServer): Send {
  return async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/models/spend:predict',
      payload: BODY,
    })
    const body = response.json() as { predictions?: number[] }
    return {
      status: response.statusCode,
      version: String(response.headers['x-model-version'] ?? ''),
      value: Math.round(body.predictions?.[0] ?? Number.NaN),
    }
  }
}

/**
 * Keeps `workers` requests in flight until at least `total` were sent and `enough()` holds, while
 * `during` runs; returns every answer with when it started and finished.
 */
async function underLoad(
  send: Send,
  during: (answers: Timed[]) => Promise<void>,
  enough: (answers: Timed[]) => boolean,
) {
  const answers: Timed[] = []
  let sent = 0
  let done = false
  const worker = async () => {
    while (!done) {
      sent++
      const started = performance.now()
      const answer = await send()
      answers.push({ ...answer, started, finished: performance.now() })
    }
  }
  const workers = Array.from({ length: 8 }, worker)
  try {
    await during(answers)
    await until(() => sent >= 300 && enough(answers), 'the load to finish')
  } finally {
    done = true
    await Promise.all(workers)
  }
  return answers
}

describe('inference server under load', () => {
  let fixture: ServingFixture
  let server: InferenceServer
  let url: string
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await registerRegressor(fixture.registry, 'spend', 10)
    await fixture.registry.setAlias('spend', 'production', 1)
    server = await testInferenceServer(fixture, { routes: [ROUTE] })
    url = await server.app.listen({ host: '127.0.0.1', port: 0 })
    await server.start()
  })
  after(async () => {
    await server.app.close()
    await fixture.close()
  })

  for (const transport of ['a real socket', 'inject'] as const) {
    it(`moves an alias 1 → 2 under load over ${transport}: no failed request, each answer from the version the alias named`, async () => {
      const send = transport === 'inject' ? injectSender(server) : socketSender(url)
      let moveStarted = Number.POSITIVE_INFINITY
      let switched = Number.POSITIVE_INFINITY
      const answers = await underLoad(
        send,
        async (answers) => {
          await until(() => answers.length >= 50, 'requests before the move')
          moveStarted = performance.now()
          await fixture.registry.setAlias('spend', 'production', 2)
          await until(() => server.pool.routes()[0]!.version === 2, 'the switch to version 2')
          switched = performance.now()
        },
        (answers) => answers.filter((a) => a.started > switched).length >= 50,
      )
      assert.deepEqual(
        answers.filter((a) => a.status !== 200),
        [],
        'no failed request',
      )
      for (const answer of answers) {
        assert.equal(
          answer.value,
          answer.version === '1' ? 1 : 10,
          `version ${answer.version} computed the answer`,
        )
        if (answer.finished < moveStarted) assert.equal(answer.version, '1', 'before the move: version 1')
        if (answer.started > switched) assert.equal(answer.version, '2', 'after the switch: version 2')
      }
      assert.ok(answers.some((a) => a.version === '1') && answers.some((a) => a.version === '2'))
      await fixture.registry.setAlias('spend', 'production', 1)
      await until(() => server.pool.routes()[0]!.version === 1, 'the switch back')
    })
  }

  it('refuses a corrupted version under load while the old one keeps serving', async () => {
    const broken = await registerRegressor(fixture.registry, 'spend', 3)
    await corruptStoredModel(broken)
    let refused = Number.POSITIVE_INFINITY
    const answers = await underLoad(
      socketSender(url),
      async () => {
        await fixture.registry.setAlias('spend', 'production', broken.version)
        await until(() => server.pool.routes()[0]!.failure?.version === broken.version, 'the refusal')
        refused = performance.now()
      },
      (answers) => answers.filter((a) => a.started > refused).length >= 50,
    )
    assert.deepEqual(
      answers.filter((a) => a.status !== 200 || a.version !== '1'),
      [],
      'every request answered by version 1',
    )
    assert.equal((await fetch(`${url}/readyz`)).status, 200, 'still ready')
    const status = (await (await fetch(`${url}/v1/models/spend`)).json()) as {
      model_version_status: { version: string; state: string }[]
    }
    assert.deepEqual(
      status.model_version_status.map((s) => [s.version, s.state]),
      [
        ['1', 'AVAILABLE'],
        [String(broken.version), 'END'],
      ],
    )
    await fixture.registry.setAlias('spend', 'production', 1)
  })
})

describe('inference server shutdown', () => {
  let fixture: ServingFixture
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 1)
    await fixture.registry.setAlias('spend', 'production', 1)
  })
  after(() => fixture.close())

  it('finishes a request in flight before it closes, then refuses connections', async () => {
    const server = await testInferenceServer(fixture, { routes: [ROUTE] })
    let arrived!: () => void
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve
    })
    server.app.addHook('onRequest', async () => arrived())
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 })
    await server.start()
    // The body comes in two parts: the request is in flight, waiting for the rest, when close begins.
    const half = Math.floor(BODY.length / 2)
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const pending = httpRequest(`${url}/v1/models/spend:predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) },
      })
      pending.on('response', (response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8')
        })
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
      pending.on('error', reject)
      pending.write(BODY.slice(0, half))
      void arrival.then(() => {
        const closing = server.app.close()
        pending.end(BODY.slice(half))
        void closing.then(() => undefined, reject)
      })
    })
    const { status, body } = await answer
    assert.equal(status, 200, body)
    assert.equal(Math.round((JSON.parse(body) as { predictions: number[] }).predictions[0]!), 1)
    await server.app.close()
    await assert.rejects(fetch(`${url}/healthz`))
  })
})

describe('inference server alias notifications', () => {
  const NO_POLL = 3_600_000
  const postgres = TEST_DATABASE_BACKENDS.find((backend) => backend.name === 'postgres')!
  const redisUrl = process.env.SHIPYARD_TEST_REDIS_URL

  /** Serves `spend` on `fixture` with polling off, moves the alias 1 → 2 and waits for the switch. */
  async function switchWithoutPolling(fixture: ServingFixture, notify: () => Promise<void>, deps: object) {
    await registerRegressor(fixture.registry, 'spend', 1)
    await registerRegressor(fixture.registry, 'spend', 10)
    await fixture.registry.setAlias('spend', 'production', 1)
    const server = await testInferenceServer(fixture, { routes: [ROUTE], pollIntervalMs: NO_POLL, ...deps })
    try {
      await server.start()
      assert.equal(server.pool.routes()[0]!.version, 1)
      await fixture.registry.setAlias('spend', 'production', 2)
      await notify()
      await until(() => server.pool.routes()[0]!.version === 2, 'the notified switch')
      const answer = await injectSender(server)()
      assert.deepEqual([answer.status, answer.version, answer.value], [200, '2', 10])
    } finally {
      await server.app.close()
    }
  }

  it('switches on the PostgreSQL NOTIFY of an alias move, with no poll', {
    skip: postgres.skip,
  }, async () => {
    const fixture = await openServingFixture(postgres)
    try {
      await switchWithoutPolling(fixture, async () => {}, { postgresUrl: fixture.postgresUrl })
    } finally {
      await fixture.close()
    }
  })

  it('switches on a Redis alias notification, with no poll', {
    skip: redisUrl ? false : 'SHIPYARD_TEST_REDIS_URL is not set',
  }, async () => {
    const fixture = await openServingFixture()
    try {
      await switchWithoutPolling(fixture, () => publishAliasChange(redisUrl!, 'spend'), { redisUrl })
    } finally {
      await fixture.close()
    }
  })
})
