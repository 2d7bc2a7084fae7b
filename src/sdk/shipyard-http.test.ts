import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../server/index.js'
import { TEST_DATABASE_BACKENDS, type TestDatabase } from '../sql/test-databases.js'
import { openBackend, type TrackingBackend } from './open-backend.js'
import { ERROR_TAG, Shipyard } from './shipyard.js'
import { SYSTEM_TAGS } from './source-tags.js'

// Over a real socket: the SDK picks the HTTP backend from `trackingUri`, and what it logs reads back
// the same through the server and straight from the server's own store.
describe('Shipyard SDK over a tracking server', () => {
  let database: TestDatabase
  let local: TrackingBackend
  let server: FastifyInstance
  let shipyard: Shipyard

  before(async () => {
    const [sqlite] = TEST_DATABASE_BACKENDS
    database = await sqlite!.create()
    local = await openBackend({
      home: database.dir,
      database: database.target,
      artifactRoot: join(database.dir, 'artifacts'),
      trackingUri: null,
      redisUrl: null,
    })
    server = await buildServer({ store: local.store, artifacts: local.artifacts })
    await server.listen({ host: '127.0.0.1', port: 0 })
    const { port } = server.server.address() as AddressInfo
    shipyard = await Shipyard.open({ trackingUri: `http://127.0.0.1:${port}` })
  })

  after(async () => {
    await shipyard.close()
    await server.close()
    await local.close()
    await database.dispose()
  })

  it('logs a run that reads back the same', async () => {
    const run = await shipyard.startRun({
      experimentName: 'remote',
      runName: 'over-http',
      tags: { team: 'risk' },
    })
    await run.logParams({ lr: 0.1, depth: 6 })
    for (let step = 0; step < 1500; step++) run.logMetrics({ loss: 1 / (step + 1), acc: step / 1500 }, step)
    run.logMetric('odd', Number.NaN, 2)
    await run.logText('hello', 'notes/hello.txt')
    await run.end()

    const remote = await shipyard.store.getRun(run.runId)
    const stored = await local.store.getRun(run.runId)
    assert.deepEqual(remote, stored)
    assert.equal(stored.info.status, 'FINISHED')
    assert.equal(stored.info.runName, 'over-http')
    assert.equal(stored.info.experimentId, (await local.store.getExperimentByName('remote')).experimentId)
    assert.deepEqual(stored.data.params, { lr: '0.1', depth: '6' })
    assert.equal(stored.data.tags.team, 'risk')
    assert.equal(stored.data.tags[SYSTEM_TAGS.sourceType], 'LOCAL')
    assert.equal(stored.data.tags[ERROR_TAG], undefined)
    assert.equal(stored.data.metrics.loss?.step, 1499)
    assert.ok(Number.isNaN(stored.data.metrics.odd?.value))

    const history = await shipyard.store.getMetricHistory(run.runId, 'acc')
    assert.deepEqual(history, await local.store.getMetricHistory(run.runId, 'acc'))
    assert.deepEqual(
      history.map((m) => m.step),
      Array.from({ length: 1500 }, (_, i) => i),
    )
    assert.equal((await shipyard.artifacts.read(run.info, 'notes/hello.txt')).toString('utf8'), 'hello')
    assert.equal((await local.artifacts.read(stored.info, 'notes/hello.txt')).toString('utf8'), 'hello')
  })

  it('surfaces a store error sent by the server with its code', async () => {
    const run = await shipyard.startRun()
    await run.logParam('lr', 0.1)
    await assert.rejects(
      run.logParam('lr', 0.2),
      (error: unknown) => (error as { code?: string }).code === 'SHIPYARD_PARAM_IMMUTABLE',
    )
    await run.end()
  })
})
