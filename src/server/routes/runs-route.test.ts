import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Metric, Page, Run, RunInfo } from '../../tracking/index.js'
import { assertError, call, openTestApp, type TestApp } from '../test-app.js'

describe('native API: /api/v1/runs', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
  })
  after(() => t.close())
  const api = (method: Parameters<typeof call>[1], url: string, payload?: unknown) =>
    call(t.app, method, `/api/v1${url}`, payload)
  const newRun = async () => (await t.store.createRun()).info.runId

  it('starts a run from an empty POST (201) in the Default experiment', async () => {
    const { status, body } = await api('POST', '/runs')
    assert.equal(status, 201)
    const run = body as unknown as Run
    assert.equal(run.info.experimentId, '0')
    assert.equal(run.info.status, 'RUNNING')
    assert.equal(run.info.endTime, null)
    assert.equal(run.info.parentRunId, null)
    assert.deepEqual(run, await t.store.getRun(run.info.runId))
  })

  it('starts a run with every field and reads it back', async () => {
    const parent = await newRun()
    const { body } = await api('POST', '/runs', {
      experimentId: '0',
      runName: 'baseline',
      startTime: 1_700_000_000_000,
      userId: 'ana',
      parentRunId: parent,
      tags: { team: 'risk' },
    })
    const run = body as unknown as Run
    assert.equal(run.info.runName, 'baseline')
    assert.equal(run.info.startTime, 1_700_000_000_000)
    assert.equal(run.info.userId, 'ana')
    assert.equal(run.info.parentRunId, parent)
    assert.equal(run.data.tags.team, 'risk')
    assert.deepEqual((await api('GET', `/runs/${run.info.runId}`)).body, run)
  })

  it('updates status, end time and name, answering the run info', async () => {
    const runId = await newRun()
    const { status, body } = await api('PATCH', `/runs/${runId}`, {
      status: 'FINISHED',
      endTime: 42,
      runName: 'done',
    })
    assert.equal(status, 200)
    const info = body as unknown as RunInfo
    assert.deepEqual([info.status, info.endTime, info.runName], ['FINISHED', 42, 'done'])
    assertError(await api('PATCH', `/runs/${runId}`, { status: 'DONE' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'status',
      message: /"DONE" is not one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED/,
    })
  })

  it('deletes and restores runs; a deleted run refuses logging', async () => {
    const runId = await newRun()
    assert.equal((await api('DELETE', `/runs/${runId}`)).status, 204)
    assert.equal((await t.store.getRun(runId)).info.lifecycleStage, 'deleted')
    assertError(
      await api('POST', `/runs/${runId}/batch`, { tags: [{ key: 'a', value: 'b' }] }),
      400,
      'SHIPYARD_RUN_NOT_ACTIVE',
    )
    assert.equal((await api('POST', `/runs/${runId}/restore`)).status, 204)
    assert.equal((await t.store.getRun(runId)).info.lifecycleStage, 'active')
  })

  it('logs a batch and carries NaN and the infinities as strings both ways', async () => {
    const runId = await newRun()
    const batch = {
      params: [{ key: 'lr', value: '0.1' }],
      tags: [{ key: 'a/b', value: 'slash' }],
      metrics: [
        { key: 'loss', value: 0.5, timestamp: 1, step: 0 },
        { key: 'nan', value: 'NaN', timestamp: 1, step: 0 },
        { key: 'inf', value: 'Infinity', timestamp: 1, step: 0 },
        { key: 'ninf', value: '-Infinity', timestamp: 1, step: 0 },
      ],
    }
    assert.equal((await api('POST', `/runs/${runId}/batch`, batch)).status, 204)
    const stored = await t.store.getRun(runId)
    assert.ok(Number.isNaN(stored.data.metrics.nan?.value))
    assert.equal(stored.data.metrics.inf?.value, Number.POSITIVE_INFINITY)
    assert.equal(stored.data.metrics.ninf?.value, Number.NEGATIVE_INFINITY)
    const { body } = await api('GET', `/runs/${runId}`)
    const metrics = (body as unknown as { data: { metrics: Record<string, { value: unknown }> } }).data
      .metrics
    assert.deepEqual(
      Object.fromEntries(Object.entries(metrics).map(([key, metric]) => [key, metric.value])),
      { loss: 0.5, nan: 'NaN', inf: 'Infinity', ninf: '-Infinity' },
    )
    const history = await api('GET', `/runs/${runId}/metrics/history?key=ninf`)
    assert.deepEqual(history.body, { metrics: [{ key: 'ninf', value: '-Infinity', timestamp: 1, step: 0 }] })
    assert.deepEqual((await api('GET', `/runs/${runId}/metrics/history?key=absent`)).body, { metrics: [] })
  })

  it('names the field of a malformed batch, without coercing strings to numbers', async () => {
    const runId = await newRun()
    const metric = { key: 'm', value: 1, timestamp: 1, step: 0 }
    const cases: [unknown, string, RegExp][] = [
      [{ metrics: [metric, { ...metric, step: '3' }] }, 'metrics[1].step', /must be an integer, got "3"/],
      [{ metrics: [{ ...metric, value: 'nan' }] }, 'metrics[0].value', /"NaN", "Infinity", "-Infinity"/],
      [{ metrics: [{ ...metric, value: null }] }, 'metrics[0].value', /must be a number/],
      [{ metrics: [{ ...metric, timestamp: 1.5 }] }, 'metrics[0].timestamp', /integer/],
      [{ metrics: [{ key: 'm', value: 1, step: 0 }] }, 'metrics[0].timestamp', /is required/],
      [{ params: { lr: '0.1' } }, 'params', /must be an array/],
      [{ params: [{ key: 'lr', value: 0.1 }] }, 'params[0].value', /must be a string/],
      [{ tags: [{ key: 'a', value: 'b', extra: 1 }] }, 'tags[0].extra', /not a known field/],
    ]
    for (const [payload, field, message] of cases) {
      assertError(await api('POST', `/runs/${runId}/batch`, payload), 400, 'INVALID_PARAMETER_VALUE', {
        field,
        message,
      })
    }
    assert.deepEqual((await t.store.getRun(runId)).data.metrics, {})
  })

  it("enforces the store's limits: oversized values, too many entries, changed params", async () => {
    const runId = await newRun()
    assertError(
      await api('POST', `/runs/${runId}/batch`, { params: [{ key: 'p', value: 'x'.repeat(6001) }] }),
      400,
      'INVALID_PARAMETER_VALUE',
      { message: /params\[0\]\.value.*6000/ },
    )
    const many = Array.from({ length: 1001 }, (_, step) => ({ key: 'm', value: step, timestamp: 1, step }))
    assertError(
      await api('POST', `/runs/${runId}/batch`, { metrics: many }),
      400,
      'INVALID_PARAMETER_VALUE',
      {
        message: /1000/,
      },
    )
    await api('POST', `/runs/${runId}/batch`, { params: [{ key: 'depth', value: '6' }] })
    assertError(
      await api('POST', `/runs/${runId}/batch`, { params: [{ key: 'depth', value: '7' }] }),
      400,
      'SHIPYARD_PARAM_IMMUTABLE',
    )
  })

  it('deletes a tag named in the query, slashes and all', async () => {
    const { info } = await t.store.createRun({ tags: { 'a/b': '1', '.': '2' } })
    for (const key of ['a/b', '.']) {
      assert.equal(
        (await api('DELETE', `/runs/${info.runId}/tags?key=${encodeURIComponent(key)}`)).status,
        204,
      )
    }
    const { tags } = (await t.store.getRun(info.runId)).data
    assert.equal(tags['a/b'], undefined)
    assert.equal(tags['.'], undefined)
    assertError(await api('DELETE', `/runs/${info.runId}/tags?key=a%2Fb`), 404, 'RESOURCE_DOES_NOT_EXIST')
    assertError(await api('DELETE', `/runs/${info.runId}/tags`), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'key',
    })
  })

  it('searches runs with a filter and order; a bad filter names its token', async () => {
    const { experimentId } = await t.store.createExperiment({ name: 'search' })
    const ids: string[] = []
    for (const auc of [0.7, 0.9, 0.8]) {
      const { info } = await t.store.createRun({ experimentId })
      await t.store.logBatch(info.runId, { metrics: [{ key: 'auc', value: auc, timestamp: 1, step: 0 }] })
      ids.push(info.runId)
    }
    const { status, body } = await api('POST', '/runs/search', {
      experimentIds: [experimentId],
      filter: 'metrics.auc > 0.75',
      orderBy: ['metrics.auc DESC'],
      maxResults: 1,
    })
    assert.equal(status, 200)
    const page = body as unknown as Page<Run>
    assert.deepEqual(
      page.items.map((run) => run.info.runId),
      [ids[1]],
    )
    assert.ok(page.nextPageToken)
    const next = await api('POST', '/runs/search', {
      experimentIds: [experimentId],
      filter: 'metrics.auc > 0.75',
      orderBy: ['metrics.auc DESC'],
      pageToken: page.nextPageToken,
    })
    assert.deepEqual(
      (next.body as unknown as Page<Run>).items.map((run) => run.info.runId),
      [ids[2]],
    )
    assertError(
      await api('POST', '/runs/search', { filter: 'metrics.auc >> 1' }),
      400,
      'SHIPYARD_FILTER_INVALID',
      {
        message: />>/,
      },
    )
    assertError(await api('POST', '/runs/search', { maxResults: '5' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'maxResults',
    })
    assertError(await api('POST', '/runs/search', { experimentIds: '0' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'experimentIds',
    })
  })

  it('answers 404 RESOURCE_DOES_NOT_EXIST for unknown runs on every route', async () => {
    const missing = `/runs/${'f'.repeat(32)}`
    for (const [method, url, payload] of [
      ['GET', missing],
      ['PATCH', missing, { status: 'FINISHED' }],
      ['DELETE', missing],
      ['POST', `${missing}/restore`],
      ['POST', `${missing}/batch`, { tags: [{ key: 'a', value: 'b' }] }],
      ['DELETE', `${missing}/tags?key=a`],
      ['GET', `${missing}/metrics/history?key=a`],
      ['GET', `${missing}/artifacts`],
      ['GET', `${missing}/artifact-records`],
      ['POST', '/runs', { parentRunId: 'f'.repeat(32) }],
      ['POST', '/runs', { experimentId: '424242' }],
    ] as const) {
      assertError(await api(method, url, payload), 404, 'RESOURCE_DOES_NOT_EXIST')
    }
  })

  it('keeps the latest point of each metric and the full history', async () => {
    const runId = await newRun()
    const metrics = [
      { key: 'loss', value: 0.9, timestamp: 1000, step: 0 },
      { key: 'loss', value: 0.5, timestamp: 1002, step: 2 },
      { key: 'loss', value: 0.7, timestamp: 1001, step: 1 },
    ]
    await api('POST', `/runs/${runId}/batch`, { metrics })
    const run = (await api('GET', `/runs/${runId}`)).body as unknown as Run
    assert.deepEqual(run.data.metrics.loss, metrics[1])
    const { body } = await api('GET', `/runs/${runId}/metrics/history?key=loss`)
    assert.deepEqual(
      (body as unknown as { metrics: Metric[] }).metrics.map((m) => m.step),
      [0, 1, 2],
    )
  })
})
