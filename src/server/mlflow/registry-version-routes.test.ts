import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { TrainRunResult } from '../../sdk/index.js'
import { describeEachBackend } from '../../sql/test-databases.js'
import { trainTestRuns } from '../routes/models-test-fixture.js'
import { type MlflowTestApp, openMlflowTestApp, type WireAnswer } from './mlflow-test-app.js'

describeEachBackend('MLflow model-versions API', (backend) => {
  let t: MlflowTestApp
  let runs: readonly TrainRunResult[]
  before(async () => {
    t = await openMlflowTestApp(backend)
    runs = await trainTestRuns(t, 2)
  })
  after(() => t.close())
  const runId = (i: number) => (runs[i] as TrainRunResult).runId

  const create = async (body: object) => {
    const answer = await t.post('/model-versions/create', body)
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    return answer.body.model_version
  }
  const assertWireError = (answer: WireAnswer, status: number, code: string, message?: RegExp) => {
    assert.equal(answer.status, status, JSON.stringify(answer.body))
    assert.equal(answer.body.error_code, code)
    if (message) assert.match(answer.body.message, message)
  }

  it('creates versions from runs:/ URIs and from the run’s artifact URI, as MLflow’s clients send them', async () => {
    const v1 = await create({
      name: 'mv-create',
      source: `runs:/${runId(0)}/model`,
      description: 'from a runs URI',
      tags: [{ key: 'by', value: 'ci' }],
    })
    assert.deepEqual(
      { ...v1, creation_timestamp: 0, last_updated_timestamp: 0 },
      {
        name: 'mv-create',
        version: '1',
        creation_timestamp: 0,
        last_updated_timestamp: 0,
        current_stage: 'None',
        description: 'from a runs URI',
        source: `runs:/${runId(0)}/model`,
        run_id: runId(0),
        status: 'READY',
        tags: [{ key: 'by', value: 'ci' }],
        aliases: [],
      },
    )
    // mlflow.register_model('runs:/<id>/model') resolves the URI to the artifact location first.
    const { info } = await t.store.getRun(runId(1))
    const v2 = await create({ name: 'mv-create', source: `${info.artifactUri}/model`, run_id: runId(1) })
    assert.equal(v2.version, '2')
    assert.equal(v2.run_id, runId(1))
    assert.equal((await t.registry.getVersion('mv-create', 2)).lineage.source, `runs:/${runId(1)}/model`)
  })

  it('refuses a source it cannot register from, naming it, and an unknown run with 404', async () => {
    assertWireError(
      await t.post('/model-versions/create', { name: 'mv-bad', source: 's3://bucket/model' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'source'.*runs:\//,
    )
    assertWireError(
      await t.post('/model-versions/create', {
        name: 'mv-bad',
        source: '/elsewhere/model',
        run_id: runId(0),
      }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'source'.*artifact URI/,
    )
    assertWireError(
      await t.post('/model-versions/create', { name: 'mv-bad', source: `runs:/${'0'.repeat(32)}/model` }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
    assertWireError(
      await t.post('/model-versions/create', { name: 'mv-bad' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'source'/,
    )
  })

  it('gets, updates (PATCH), tags and deletes (DELETE) a version, its number a string or a number', async () => {
    await create({ name: 'mv-life', source: `runs:/${runId(0)}/model` })
    const byString = await t.get('/model-versions/get', { name: 'mv-life', version: '1' })
    assert.equal(byString.status, 200)
    assert.equal(byString.body.model_version.version, '1')
    const updated = await t.patch('/model-versions/update', {
      name: 'mv-life',
      version: 1,
      description: 'tuned',
    })
    assert.equal(updated.body.model_version.description, 'tuned')
    const tag = { name: 'mv-life', version: '1', key: 'k', value: 'v' }
    assert.deepEqual(await t.post('/model-versions/set-tag', tag), { status: 200, body: {} })
    assert.deepEqual(
      (await t.get('/model-versions/get', { name: 'mv-life', version: '1' })).body.model_version.tags,
      [{ key: 'k', value: 'v' }],
    )
    assert.deepEqual(
      await t.delete('/model-versions/delete-tag', { name: 'mv-life', version: '1', key: 'k' }),
      {
        status: 200,
        body: {},
      },
    )
    assert.deepEqual((await t.registry.getVersion('mv-life', 1)).tags, {})
    assert.deepEqual(await t.delete('/model-versions/delete', { name: 'mv-life', version: '1' }), {
      status: 200,
      body: {},
    })
    assertWireError(
      await t.get('/model-versions/get', { name: 'mv-life', version: '1' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
    assertWireError(
      await t.get('/model-versions/get', { name: 'mv-life', version: 'one' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'version'/,
    )
    assertWireError(
      await t.get('/model-versions/get', { name: 'mv-life', version: '0' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'version'/,
    )
    assertWireError(
      await t.get('/model-versions/get', { name: 'mv-life' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'version'/,
    )
  })

  it('answers get-download-uri with where the version’s bytes are stored', async () => {
    await create({ name: 'mv-uri', source: `runs:/${runId(0)}/model` })
    const { status, body } = await t.get('/model-versions/get-download-uri', { name: 'mv-uri', version: '1' })
    assert.equal(status, 200)
    assert.equal(body.artifact_uri, (await t.registry.getVersion('mv-uri', 1)).artifactUri)
    assertWireError(
      await t.get('/model-versions/get-download-uri', { name: 'mv-uri', version: '5' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
  })

  it('searches versions by name, run, tags and metrics, newest first, in pages', async () => {
    for (const i of [0, 1, 0]) await create({ name: 'mv-search', source: `runs:/${runId(i)}/model` })
    await create({
      name: 'mv-other',
      source: `runs:/${runId(1)}/model`,
      tags: [{ key: 'team', value: 'risk' }],
    })
    const versions = async (query: Record<string, string>) => {
      const answer = await t.get('/model-versions/search', query)
      assert.equal(answer.status, 200, JSON.stringify(answer.body))
      return answer.body.model_versions.map(
        (v: { name: string; version: string }) => `${v.name}/${v.version}`,
      )
    }
    assert.deepEqual(await versions({ filter: "name = 'mv-search'" }), [
      'mv-search/3',
      'mv-search/2',
      'mv-search/1',
    ])
    assert.deepEqual(await versions({ filter: `name='mv-search' AND run_id='${runId(0)}'` }), [
      'mv-search/3',
      'mv-search/1',
    ])
    assert.deepEqual(
      await versions({ filter: `name IN ('mv-search', 'mv-other') AND run_id IN ('${runId(1)}', 'x')` }),
      ['mv-other/1', 'mv-search/2'],
    )
    assert.deepEqual(await versions({ filter: "name ILIKE 'MV-OTH%'" }), ['mv-other/1'])
    assert.deepEqual(await versions({ filter: "tags.team = 'risk'" }), ['mv-other/1'])
    assert.deepEqual(await versions({ filter: "name = 'mv-search' AND version_number >= 2" }), [
      'mv-search/3',
      'mv-search/2',
    ])
    const better = runs[1]!.metrics.valid_roc_auc! > runs[0]!.metrics.valid_roc_auc! ? 1 : 0
    const threshold = runs[better]!.metrics.valid_roc_auc!
    const expected = [3, 2, 1].filter((v) => (v === 2 ? 1 : 0) === better).map((v) => `mv-search/${v}`)
    assert.deepEqual(
      await versions({ filter: `name = 'mv-search' AND metrics.valid_roc_auc >= ${threshold}` }),
      expected,
    )
    assert.deepEqual(await versions({ filter: "name = 'mv-search'", order_by: 'version_number DESC' }), [
      'mv-search/3',
      'mv-search/2',
      'mv-search/1',
    ])

    const first = await t.get('/model-versions/search', { filter: "name = 'mv-search'", max_results: '2' })
    assert.equal(first.body.model_versions.length, 2)
    const second = await t.get('/model-versions/search', {
      filter: "name = 'mv-search'",
      max_results: '2',
      page_token: first.body.next_page_token,
    })
    assert.deepEqual(
      second.body.model_versions.map((v: { version: string }) => v.version),
      ['1'],
    )
    assert.equal(second.body.next_page_token, undefined)

    assertWireError(
      await t.get('/model-versions/search', { filter: "name = 'x' OR name = 'y'" }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'OR'/,
    )
    assertWireError(
      await t.get('/model-versions/search', { filter: 'version_number > two' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /number/,
    )
    assertWireError(
      await t.get('/model-versions/search', { order_by: 'name ASC' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /order_by/,
    )
  })
})
