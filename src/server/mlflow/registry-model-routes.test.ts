import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachBackend } from '../../sql/test-databases.js'
import { trainTestRuns } from '../routes/models-test-fixture.js'
import { type MlflowTestApp, openMlflowTestApp, type WireAnswer } from './mlflow-test-app.js'

describeEachBackend('MLflow registered-models API', (backend) => {
  let t: MlflowTestApp
  let runId: string
  before(async () => {
    t = await openMlflowTestApp(backend)
    runId = (await trainTestRuns(t, 1))[0]!.runId
  })
  after(() => t.close())

  const create = async (name: string, extra: object = {}) => {
    const answer = await t.post('/registered-models/create', { name, ...extra })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
    return answer.body.registered_model
  }
  const registerVersion = async (name: string) => {
    const answer = await t.post('/model-versions/create', {
      name,
      source: `runs:/${runId}/model`,
      run_id: runId,
    })
    assert.equal(answer.status, 200, JSON.stringify(answer.body))
  }
  const assertWireError = (answer: WireAnswer, status: number, code: string, message?: RegExp) => {
    assert.equal(answer.status, status, JSON.stringify(answer.body))
    assert.equal(answer.body.error_code, code)
    if (message) assert.match(answer.body.message, message)
  }

  it('creates a registered model with tags and a description, in MLflow’s shape', async () => {
    const model = await create('rm-create', { description: 'churn', tags: [{ key: 'team', value: 'risk' }] })
    assert.equal(model.name, 'rm-create')
    assert.equal(model.description, 'churn')
    assert.equal(typeof model.creation_timestamp, 'number')
    assert.equal(typeof model.last_updated_timestamp, 'number')
    assert.deepEqual(model.tags, [{ key: 'team', value: 'risk' }])
    assert.deepEqual(model.latest_versions, [])
    assert.deepEqual(model.aliases, [])
    assertWireError(
      await t.post('/registered-models/create', { name: 'rm-create' }),
      400,
      'RESOURCE_ALREADY_EXISTS',
    )
    const missing = await t.post('/registered-models/create', {})
    assertWireError(missing, 400, 'INVALID_PARAMETER_VALUE')
    assert.equal(missing.body.message, "Missing value for required parameter 'name'.")
    assertWireError(
      await t.post('/registered-models/create', { name: 7 }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'name'/,
    )
  })

  it('gets a model with its latest version (stage None, READY) and its aliases', async () => {
    await create('rm-get')
    await registerVersion('rm-get')
    await t.post('/registered-models/alias', { name: 'rm-get', alias: 'champion', version: '1' })
    const { status, body } = await t.get('/registered-models/get', { name: 'rm-get' })
    assert.equal(status, 200)
    const model = body.registered_model
    assert.deepEqual(model.aliases, [{ alias: 'champion', version: '1' }])
    assert.equal(model.latest_versions.length, 1)
    const [latest] = model.latest_versions
    assert.equal(latest.version, '1')
    assert.equal(latest.current_stage, 'None')
    assert.equal(latest.status, 'READY')
    assert.equal(latest.run_id, runId)
    assert.equal(latest.source, `runs:/${runId}/model`)
    assert.deepEqual(latest.aliases, ['champion'])
    assertWireError(await t.get('/registered-models/get', { name: 'nope' }), 404, 'RESOURCE_DOES_NOT_EXIST')
    assertWireError(await t.get('/registered-models/get'), 400, 'INVALID_PARAMETER_VALUE', /'name'/)
  })

  it('renames, updates (PATCH) and deletes (DELETE with a JSON body) a model', async () => {
    await create('rm-old')
    const renamed = await t.post('/registered-models/rename', { name: 'rm-old', new_name: 'rm-new' })
    assert.equal(renamed.body.registered_model.name, 'rm-new')
    assertWireError(await t.get('/registered-models/get', { name: 'rm-old' }), 404, 'RESOURCE_DOES_NOT_EXIST')
    const updated = await t.patch('/registered-models/update', {
      name: 'rm-new',
      description: 'now described',
    })
    assert.equal(updated.status, 200)
    assert.equal(updated.body.registered_model.description, 'now described')
    const untouched = await t.patch('/registered-models/update', { name: 'rm-new' })
    assert.equal(untouched.body.registered_model.description, 'now described')
    assert.deepEqual(await t.delete('/registered-models/delete', { name: 'rm-new' }), {
      status: 200,
      body: {},
    })
    assertWireError(await t.get('/registered-models/get', { name: 'rm-new' }), 404, 'RESOURCE_DOES_NOT_EXIST')
    assertWireError(
      await t.delete('/registered-models/delete', { name: 'rm-new' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
  })

  it('sets and deletes model tags', async () => {
    await create('rm-tags')
    const set = await t.post('/registered-models/set-tag', { name: 'rm-tags', key: 'stage', value: 'dev' })
    assert.deepEqual(set, { status: 200, body: {} })
    assert.deepEqual((await t.registry.getModel('rm-tags')).tags, { stage: 'dev' })
    const deleted = await t.delete('/registered-models/delete-tag', { name: 'rm-tags', key: 'stage' })
    assert.deepEqual(deleted, { status: 200, body: {} })
    assert.deepEqual((await t.registry.getModel('rm-tags')).tags, {})
    assertWireError(
      await t.post('/registered-models/set-tag', { name: 'rm-tags', key: 'k' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'value'/,
    )
  })

  it('searches with MLflow filters (=, LIKE, ILIKE, tags), by name, in pages', async () => {
    for (const [name, team] of [
      ['Search-A', 'risk'],
      ['search-b', 'risk'],
      ['search-c', 'growth'],
    ] as const) {
      await create(name, { tags: [{ key: 'team', value: team }] })
    }
    const names = async (query: Record<string, string | string[]>) => {
      const answer = await t.get('/registered-models/search', query)
      assert.equal(answer.status, 200, JSON.stringify(answer.body))
      return answer.body.registered_models.map((m: { name: string }) => m.name)
    }
    assert.deepEqual(await names({ filter: "name LIKE 'search-%'" }), ['search-b', 'search-c'])
    assert.deepEqual(await names({ filter: "name ILIKE 'search-%'" }), ['Search-A', 'search-b', 'search-c'])
    assert.deepEqual(await names({ filter: "name = 'search-b'" }), ['search-b'])
    assert.deepEqual(await names({ filter: "name ILIKE '%SEARCH%' AND tags.team = 'risk'" }), [
      'Search-A',
      'search-b',
    ])
    assert.deepEqual(await names({ filter: "tags.`team` != 'risk' AND name LIKE 'search%'" }), ['search-c'])
    assert.deepEqual(await names({ filter: "name ILIKE 'search%'", order_by: 'name ASC' }), [
      'Search-A',
      'search-b',
      'search-c',
    ])

    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await t.get('/registered-models/search', {
        filter: "name ILIKE 'search-%'",
        max_results: '2',
        ...(token ? { page_token: token } : {}),
      })
      assert.ok(page.body.registered_models.length <= 2)
      seen.push(...page.body.registered_models.map((m: { name: string }) => m.name))
      token = page.body.next_page_token
      pages++
    } while (token !== undefined)
    assert.deepEqual(seen, ['Search-A', 'search-b', 'search-c'])
    assert.equal(pages, 2)

    assertWireError(
      await t.get('/registered-models/search', { filter: "owner = 'x'" }),
      400,
      'INVALID_PARAMETER_VALUE',
      /position 0/,
    )
    assertWireError(
      await t.get('/registered-models/search', { order_by: 'name DESC' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /order_by/,
    )
    assertWireError(
      await t.get('/registered-models/search', { max_results: '1001' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /max_results/,
    )
    assertWireError(
      await t.get('/registered-models/search', { page_token: 'garbage' }),
      400,
      'INVALID_PARAMETER_VALUE',
    )
  })

  it('answers get-latest-versions over POST and GET, empty for stages other than None', async () => {
    await create('rm-latest')
    await registerVersion('rm-latest')
    await registerVersion('rm-latest')
    const versions = (answer: WireAnswer) =>
      answer.body.model_versions.map((v: { version: string }) => v.version)
    assert.deepEqual(
      versions(await t.post('/registered-models/get-latest-versions', { name: 'rm-latest' })),
      ['2'],
    )
    assert.deepEqual(
      versions(await t.get('/registered-models/get-latest-versions', { name: 'rm-latest', stages: 'None' })),
      ['2'],
    )
    assert.deepEqual(
      versions(
        await t.post('/registered-models/get-latest-versions', { name: 'rm-latest', stages: ['Production'] }),
      ),
      [],
    )
    assertWireError(
      await t.post('/registered-models/get-latest-versions', { name: 'nope' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
  })

  it('sets (POST), resolves (GET) and deletes (DELETE) aliases on registered-models/alias', async () => {
    await create('rm-alias')
    await registerVersion('rm-alias')
    await registerVersion('rm-alias')
    assert.deepEqual(
      await t.post('/registered-models/alias', { name: 'rm-alias', alias: 'prod', version: '2' }),
      {
        status: 200,
        body: {},
      },
    )
    const resolved = await t.get('/registered-models/alias', { name: 'rm-alias', alias: 'prod' })
    assert.equal(resolved.status, 200)
    assert.equal(resolved.body.model_version.version, '2')
    assert.deepEqual(resolved.body.model_version.aliases, ['prod'])
    await t.post('/registered-models/alias', { name: 'rm-alias', alias: 'prod', version: 1 })
    assert.equal(
      (await t.get('/registered-models/alias', { name: 'rm-alias', alias: 'prod' })).body.model_version
        .version,
      '1',
    )
    assert.deepEqual(await t.delete('/registered-models/alias', { name: 'rm-alias', alias: 'prod' }), {
      status: 200,
      body: {},
    })
    assertWireError(
      await t.get('/registered-models/alias', { name: 'rm-alias', alias: 'prod' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
    assertWireError(
      await t.post('/registered-models/alias', { name: 'rm-alias', alias: 'prod', version: 'two' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /'version'/,
    )
    assertWireError(
      await t.post('/registered-models/alias', { name: 'rm-alias', alias: 'latest', version: '1' }),
      400,
      'INVALID_PARAMETER_VALUE',
      /reserved/,
    )
    assertWireError(
      await t.post('/registered-models/alias', { name: 'rm-alias', alias: 'x', version: '9' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
  })
})
