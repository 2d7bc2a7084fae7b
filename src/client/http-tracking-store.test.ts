import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from '../server/test-app.js'
import { ShipyardError } from '../shared/index.js'
import { describeEachBackend } from '../sql/test-databases.js'
import type { TrackingStore } from '../tracking/index.js'
import { describeTrackingStoreConformance } from '../tracking/tracking-store.test-suite.js'
import { HttpTrackingStore } from './http-tracking-store.js'

// THE test of the client: over a real socket, it must behave exactly as the SQL store it fronts.
describeEachBackend('HttpTrackingStore', (backend) => {
  describeTrackingStoreConformance(`over HTTP on ${backend.name}`, async () => {
    const server = await startTestServer(backend)
    return { store: new HttpTrackingStore(server.url), dispose: () => server.close() }
  })
})

/** A call's result, or its error's code and message: what must be the same remotely and locally. */
async function outcome(call: (store: TrackingStore) => Promise<unknown>, store: TrackingStore) {
  try {
    return { ok: await call(store) }
  } catch (error) {
    assert.ok(error instanceof ShipyardError, `not a ShipyardError: ${String(error)}`)
    return { code: error.code, message: error.message, details: error.details }
  }
}

describe('HttpTrackingStore against the store it fronts', () => {
  let server: TestServer
  let remote: HttpTrackingStore
  let runId: string
  let experimentId: string
  before(async () => {
    server = await startTestServer()
    remote = new HttpTrackingStore(server.url)
    runId = (await server.store.createRun()).info.runId
    experimentId = (await server.store.createExperiment({ name: 'odd' })).experimentId
  })
  after(() => server.close())

  const sameAsLocal = async (label: string, call: (store: TrackingStore) => Promise<unknown>) => {
    assert.deepEqual(await outcome(call, remote), await outcome(call, server.store), label)
  }

  it('treats ids that are awkward in a URL as the store does', async () => {
    for (const id of ['', '.', '..', 'a/b', '../0', '?x=1#y', '%2F', ' ', 'é🚢', 'x'.repeat(3000)]) {
      await sameAsLocal(`getExperiment(${id.slice(0, 20)})`, (store) => store.getExperiment(id))
      await sameAsLocal(`getRun(${id.slice(0, 20)})`, (store) => store.getRun(id))
      await sameAsLocal(`restoreRun(${id.slice(0, 20)})`, (store) => store.restoreRun(id))
      await sameAsLocal(`setExperimentTag(${id.slice(0, 20)})`, (store) =>
        store.setExperimentTag(id, 'k', 'v'),
      )
    }
  })

  it('treats keys and names that are awkward in a URL as the store does', async () => {
    for (const key of ['', '.', '..', 'a/b', '..x', '?k=v&w', '%2F', 'k'.repeat(251)]) {
      await sameAsLocal(`getMetricHistory(${key})`, (store) => store.getMetricHistory(runId, key))
      await sameAsLocal(`getExperimentByName(${key})`, (store) => store.getExperimentByName(key))
      await sameAsLocal(`setExperimentTag(key ${key})`, (store) =>
        store.setExperimentTag(experimentId, key, 'v'),
      )
    }
    // Deleting changes the run, so each side deletes from a run of its own with the same tags.
    const tags = { 'a/b': '1', '..x': '2', '?k=v&w': '3' }
    for (const key of ['a/b', '..x', '?k=v&w', 'absent', '']) {
      const [mine, theirs] = [await server.store.createRun({ tags }), await server.store.createRun({ tags })]
      assert.deepEqual(
        await outcome((store) => store.deleteTag(mine.info.runId, key), remote),
        await outcome((store) => store.deleteTag(theirs.info.runId, key), server.store),
        `deleteTag(${key})`,
      )
    }
  })

  it('sends only the fields the API knows, so wider inputs work as they do locally', async () => {
    const input = { name: 'wide', tags: { a: 'b' }, colour: 'red' }
    const created = await remote.createExperiment(input)
    assert.deepEqual(created.tags, { a: 'b' })
    const metric = { key: 'm', value: 1, timestamp: 1, step: 0, unit: 'ms' }
    await remote.logBatch(runId, {
      metrics: [metric],
      params: [{ key: 'p', value: 'v', note: 'x' } as never],
    })
    assert.deepEqual((await server.store.getRun(runId)).data.metrics.m, {
      key: 'm',
      value: 1,
      timestamp: 1,
      step: 0,
    })
  })

  it('rebuilds errors with their code, message and details', async () => {
    const error = await remote.logBatch(runId, { params: [{ key: 'p2', value: 'x'.repeat(6001) }] }).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    )
    assert.ok(error instanceof ShipyardError)
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
    assert.match(error.message, /params\[0\]\.value/)
    assert.deepEqual(error.details, { field: 'params[0].value' })
  })

  it('reads back NaN and infinities from history and the latest point', async () => {
    const { info } = await remote.createRun()
    const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308]
    await remote.logBatch(info.runId, {
      metrics: values.map((value, step) => ({ key: 'v', value, timestamp: step, step })),
    })
    const history = await remote.getMetricHistory(info.runId, 'v')
    assert.deepEqual(history, await server.store.getMetricHistory(info.runId, 'v'))
    assert.equal((await remote.getRun(info.runId)).data.metrics.v?.value, 1e308)
  })
})
