import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { ModelVersion } from '../../registry/index.js'
import type { TrainRunResult } from '../../sdk/index.js'
import type { Page } from '../../tracking/index.js'
import { assertError, call, openTestApp, type TestApp } from '../test-app.js'
import { trainTestRuns } from './models-test-fixture.js'

describe('native API: /api/v1/models/{name}/versions', () => {
  let t: TestApp
  let runs: readonly TrainRunResult[]
  before(async () => {
    t = await openTestApp()
    runs = await trainTestRuns(t, 2)
  })
  after(() => t.close())
  const api = <T = Record<string, unknown>>(
    method: Parameters<typeof call>[1],
    url: string,
    payload?: unknown,
  ) => call<T>(t.app, method, `/api/v1${url}`, payload)
  const register = (name: string, body: object) => api<ModelVersion>('POST', `/models/${name}/versions`, body)
  const run = (i: number) => runs[i] as TrainRunResult

  it("registers a run's model as version 1, 2... with its signature, metrics and lineage", async () => {
    const first = await register('churn', { runId: run(0).runId, description: 'first', tags: { by: 'ci' } })
    assert.equal(first.status, 201, JSON.stringify(first.body))
    const v1 = first.body
    assert.equal(v1.name, 'churn')
    assert.equal(v1.version, 1)
    assert.equal(v1.description, 'first')
    assert.deepEqual(v1.tags, { by: 'ci' })
    assert.match(v1.sha256, /^[0-9a-f]{64}$/)
    assert.equal(v1.signature.task, 'binary')
    assert.equal(v1.signature.target, 'target')
    assert.equal(v1.metrics.valid_roc_auc, run(0).metrics.valid_roc_auc)
    assert.equal(v1.lineage.runId, run(0).runId)
    assert.equal(v1.lineage.source, `runs:/${run(0).runId}/model`)
    assert.equal(v1.lineage.params.num_trees, '2')
    assert.equal(v1.lineage.trainingProfile, 'data/profile.json')
    assert.deepEqual(v1.aliases, [])
    const second = await register('churn', { runId: run(1).runId, artifactPath: 'model' })
    assert.equal(second.body.version, 2)
    assert.deepEqual((await api('GET', '/models/churn/versions/1')).body, v1)
  })

  it('refuses registration from an unknown run, a folder without a model, or without a run', async () => {
    assertError(await register('churn', { runId: 'f'.repeat(32) }), 404, 'RESOURCE_DOES_NOT_EXIST')
    assertError(
      await register('churn', { runId: run(0).runId, artifactPath: 'data' }),
      400,
      'INVALID_PARAMETER_VALUE',
      {
        message: /has no data\/model\.onnx/,
      },
    )
    assertError(await register('churn', {}), 400, 'INVALID_PARAMETER_VALUE', { field: 'runId' })
    assertError(
      await register('churn', { runId: run(0).runId, tags: ['x'] }),
      400,
      'INVALID_PARAMETER_VALUE',
      {
        field: 'tags',
      },
    )
  })

  it('lists versions newest first, by source run and by metric conditions, in pages', async () => {
    await register('listed', { runId: run(0).runId })
    await register('listed', { runId: run(1).runId })
    await register('listed', { runId: run(0).runId })
    const versions = (page: { body: Page<ModelVersion> }) => page.body.items.map((v) => v.version)
    assert.deepEqual(versions(await api('GET', '/models/listed/versions')), [3, 2, 1])
    assert.deepEqual(versions(await api('GET', `/models/listed/versions?runId=${run(0).runId}`)), [3, 1])
    const auc = run(1).metrics.valid_roc_auc!
    const condition = encodeURIComponent(`valid_roc_auc >= ${auc}`)
    const above = versions(await api('GET', `/models/listed/versions?metric=${condition}`))
    const expected = [3, 2, 1].filter((v) => run(v === 2 ? 1 : 0).metrics.valid_roc_auc! >= auc)
    assert.ok(expected.length < 3, 'the two runs score differently, so the condition leaves some out')
    assert.deepEqual(above, expected)
    const both = `metric=${condition}&metric=${encodeURIComponent('best_iteration > 0')}`
    assert.deepEqual(versions(await api('GET', `/models/listed/versions?${both}`)), expected)

    const first = await api<Page<ModelVersion>>('GET', '/models/listed/versions?maxResults=2')
    assert.deepEqual(versions(first), [3, 2])
    const token = encodeURIComponent(first.body.nextPageToken ?? '')
    assert.deepEqual(
      versions(await api('GET', `/models/listed/versions?maxResults=2&pageToken=${token}`)),
      [1],
    )

    assertError(await api('GET', '/models/listed/versions?metric=auc'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'metric',
    })
    assertError(await api('GET', '/models/nope/versions'), 404, 'RESOURCE_DOES_NOT_EXIST')
  })

  it('reads, describes, tags and deletes a version; bad or unknown numbers are 400 and 404', async () => {
    await register('edited', { runId: run(0).runId })
    const described = await api<ModelVersion>('PATCH', '/models/edited/versions/1', { description: 'better' })
    assert.equal(described.status, 200)
    assert.equal(described.body.description, 'better')
    assert.equal((await api('PUT', '/models/edited/versions/1/tags', { key: 'k', value: 'v' })).status, 204)
    assert.deepEqual((await t.registry!.getVersion('edited', 1)).tags, { k: 'v' })
    assert.equal((await api('DELETE', '/models/edited/versions/1/tags?key=k')).status, 204)
    assert.deepEqual((await t.registry!.getVersion('edited', 1)).tags, {})

    assertError(await api('GET', '/models/edited/versions/abc'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'version',
    })
    assertError(await api('GET', '/models/edited/versions/0'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'version',
    })
    assertError(await api('GET', '/models/edited/versions/9'), 404, 'RESOURCE_DOES_NOT_EXIST', {
      message: /9/,
    })
    assertError(await api('PATCH', '/models/edited/versions/1', {}), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'description',
    })

    await api('PUT', '/models/edited/aliases/live', { version: 1 })
    assertError(await api('DELETE', '/models/edited/versions/1'), 400, 'INVALID_PARAMETER_VALUE', {
      message: /'live'/,
    })
    await api('DELETE', '/models/edited/aliases/live')
    assert.equal((await api('DELETE', '/models/edited/versions/1')).status, 204)
    assertError(await api('GET', '/models/edited/versions/1'), 404, 'RESOURCE_DOES_NOT_EXIST')
  })

  it('downloads model.onnx: the bytes the run logged, with their sha256 as ETag, checked before sending', async () => {
    const { body: version } = await register('served', { runId: run(0).runId })
    const logged = await t.artifacts.read((await t.store.getRun(run(0).runId)).info, 'model/model.onnx')
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/models/served/versions/1/model.onnx' })
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'application/octet-stream')
    assert.equal(response.headers.etag, `"${version.sha256}"`)
    assert.deepEqual(response.rawPayload, logged)
    assert.equal(createHash('sha256').update(response.rawPayload).digest('hex'), version.sha256)

    // The stored file is shared by every version with these bytes: put it back afterwards.
    const stored = fileURLToPath(version.artifactUri)
    await writeFile(stored, Buffer.from('not the model'))
    try {
      assertError(
        await call(t.app, 'GET', '/api/v1/models/served/versions/1/model.onnx'),
        500,
        'SHIPYARD_MODEL_ARTIFACT_CORRUPT',
      )
    } finally {
      await writeFile(stored, logged)
    }
    assertError(
      await call(t.app, 'GET', '/api/v1/models/served/versions/7/model.onnx'),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
  })
})
