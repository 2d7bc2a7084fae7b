import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachBackend } from '../../sql/test-databases.js'
import { type MlflowTestApp, openMlflowTestApp } from './mlflow-test-app.js'

describeEachBackend('MLflow experiments API', (backend) => {
  let t: MlflowTestApp
  before(async () => {
    t = await openMlflowTestApp(backend)
  })
  after(() => t.close())

  async function create(name: string, extra: object = {}): Promise<string> {
    const { status, body } = await t.post('/experiments/create', { name, ...extra })
    assert.equal(status, 200, JSON.stringify(body))
    assert.match(body.experiment_id, /^\d+$/)
    return body.experiment_id
  }

  it('creates an experiment with tags and reads it back by id and by name', async () => {
    const id = await create('exp-create', {
      artifact_location: 'file:///tmp/somewhere',
      tags: [
        { key: 'team', value: 'risk' },
        { key: 'stage', value: 'dev' },
      ],
    })
    const byId = await t.get('/experiments/get', { experiment_id: id })
    assert.equal(byId.status, 200)
    const { experiment } = byId.body
    assert.equal(experiment.experiment_id, id)
    assert.equal(experiment.name, 'exp-create')
    assert.equal(experiment.artifact_location, 'file:///tmp/somewhere')
    assert.equal(experiment.lifecycle_stage, 'active')
    assert.equal(typeof experiment.creation_time, 'number')
    assert.equal(typeof experiment.last_update_time, 'number')
    assert.deepEqual(
      [...experiment.tags].sort((a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key)),
      [
        { key: 'stage', value: 'dev' },
        { key: 'team', value: 'risk' },
      ],
    )
    const byName = await t.get('/experiments/get-by-name', { experiment_name: 'exp-create' })
    assert.equal(byName.status, 200)
    assert.deepEqual(byName.body.experiment, experiment)
    assert.deepEqual((await t.store.getExperiment(id)).tags, { team: 'risk', stage: 'dev' })
  })

  it('gives the Default experiment 0 and a default artifact location', async () => {
    const { body } = await t.get('/experiments/get', { experiment_id: '0' })
    assert.equal(body.experiment.name, 'Default')
    const id = await create('exp-default-location')
    const created = await t.get('/experiments/get', { experiment_id: id })
    assert.match(created.body.experiment.artifact_location, /^file:\/\//)
  })

  it('answers 404 RESOURCE_DOES_NOT_EXIST for an unknown id or name', async () => {
    const byId = await t.get('/experiments/get', { experiment_id: '987654321' })
    assert.equal(byId.status, 404)
    assert.equal(byId.body.error_code, 'RESOURCE_DOES_NOT_EXIST')
    assert.match(byId.body.message, /987654321/)
    const byName = await t.get('/experiments/get-by-name', { experiment_name: 'nope' })
    assert.equal(byName.status, 404)
    assert.equal(byName.body.error_code, 'RESOURCE_DOES_NOT_EXIST')
    const deleted = await t.post('/experiments/delete', { experiment_id: '987654321' })
    assert.equal(deleted.status, 404)
  })

  it('refuses a duplicate name with RESOURCE_ALREADY_EXISTS', async () => {
    await create('exp-dup')
    const { status, body } = await t.post('/experiments/create', { name: 'exp-dup' })
    assert.equal(status, 400)
    assert.equal(body.error_code, 'RESOURCE_ALREADY_EXISTS')
  })

  it('names the field when a request is invalid', async () => {
    const missing = await t.post('/experiments/create', {})
    assert.equal(missing.status, 400)
    assert.equal(missing.body.error_code, 'INVALID_PARAMETER_VALUE')
    assert.equal(missing.body.message, "Missing value for required parameter 'name'.")
    const wrongType = await t.post('/experiments/create', { name: 42 })
    assert.equal(wrongType.status, 400)
    assert.equal(wrongType.body.error_code, 'INVALID_PARAMETER_VALUE')
    assert.match(wrongType.body.message, /Invalid value 42 for parameter 'name' supplied/)
    const badTags = await t.post('/experiments/create', { name: 'exp-bad-tags', tags: [{ key: 'k' }] })
    assert.equal(badTags.status, 400)
    assert.match(badTags.body.message, /'tags\[0\]\.value'/)
    const noId = await t.get('/experiments/get')
    assert.equal(noId.status, 400)
    assert.match(noId.body.message, /'experiment_id'/)
    const badView = await t.get('/experiments/search', { view_type: 'SOME' })
    assert.equal(badView.status, 400)
    assert.match(badView.body.message, /ACTIVE_ONLY, DELETED_ONLY, ALL/)
  })

  it('ignores fields it does not know', async () => {
    const id = await create('exp-unknown-fields', { colour: 'blue', nested: { a: [1, 2] } })
    assert.equal((await t.store.getExperiment(id)).name, 'exp-unknown-fields')
  })

  it('renames, deletes, restores and tags an experiment, answering {}', async () => {
    const id = await create('exp-life')
    const renamed = await t.post('/experiments/update', { experiment_id: id, new_name: 'exp-life-2' })
    assert.deepEqual(renamed, { status: 200, body: {} })
    assert.equal((await t.store.getExperiment(id)).name, 'exp-life-2')

    assert.deepEqual(await t.post('/experiments/delete', { experiment_id: id }), { status: 200, body: {} })
    assert.equal((await t.store.getExperiment(id)).lifecycleStage, 'deleted')
    assert.deepEqual(await t.post('/experiments/restore', { experiment_id: id }), { status: 200, body: {} })
    assert.equal((await t.store.getExperiment(id)).lifecycleStage, 'active')

    const tagged = await t.post('/experiments/set-experiment-tag', {
      experiment_id: id,
      key: 'owner',
      value: 'ana',
    })
    assert.deepEqual(tagged, { status: 200, body: {} })
    assert.equal((await t.store.getExperiment(id)).tags.owner, 'ana')
  })

  it('checks experiment tag lengths through the store', async () => {
    const id = await create('exp-tag-limits')
    const long = await t.post('/experiments/set-experiment-tag', {
      experiment_id: id,
      key: 'k',
      value: 'v'.repeat(5001),
    })
    assert.equal(long.status, 400)
    assert.equal(long.body.error_code, 'INVALID_PARAMETER_VALUE')
    const longKey = await t.post('/experiments/set-experiment-tag', {
      experiment_id: id,
      key: 'k'.repeat(251),
      value: 'v',
    })
    assert.equal(longKey.status, 400)
    assert.equal(longKey.body.error_code, 'INVALID_PARAMETER_VALUE')
  })

  it('searches by name = and LIKE, over POST and GET, with pages', async () => {
    for (const name of ['search-a1', 'search-a2', 'search-a3', 'search-b1'])
      await create(name, { tags: [{ key: 'kind', value: name[7] ?? '' }] })
    const exact = await t.post('/experiments/search', { filter: "name = 'search-a2'" })
    assert.deepEqual(
      exact.body.experiments.map((e: { name: string }) => e.name),
      ['search-a2'],
    )
    const like = await t.get('/experiments/search', { filter: "name LIKE 'search-a%'" })
    assert.deepEqual(like.body.experiments.map((e: { name: string }) => e.name).sort(), [
      'search-a1',
      'search-a2',
      'search-a3',
    ])
    const ilikeTag = await t.post('/experiments/search', {
      filter: "name ILIKE 'SEARCH-%' AND tags.kind = 'b'",
    })
    assert.deepEqual(
      ilikeTag.body.experiments.map((e: { name: string }) => e.name),
      ['search-b1'],
    )

    const seen: string[] = []
    let token: string | undefined
    let pages = 0
    do {
      const page = await t.post('/experiments/search', {
        filter: "name LIKE 'search-%'",
        max_results: 2,
        page_token: token,
      })
      assert.equal(page.status, 200, JSON.stringify(page.body))
      assert.ok(page.body.experiments.length <= 2)
      seen.push(...page.body.experiments.map((e: { name: string }) => e.name))
      token = page.body.next_page_token
      pages++
    } while (token !== undefined)
    assert.deepEqual([...seen].sort(), ['search-a1', 'search-a2', 'search-a3', 'search-b1'])
    assert.equal(pages, 2)

    const unfiltered = await t.get('/experiments/search', { max_results: '1' })
    assert.equal(unfiltered.body.experiments.length, 1)
    assert.equal(typeof unfiltered.body.next_page_token, 'string')
  })

  it('searches deleted experiments with view_type', async () => {
    const id = await create('search-deleted')
    await t.post('/experiments/delete', { experiment_id: id })
    const active = await t.post('/experiments/search', { filter: "name = 'search-deleted'" })
    assert.deepEqual(active.body.experiments, [])
    const deleted = await t.post('/experiments/search', {
      filter: "name = 'search-deleted'",
      view_type: 'DELETED_ONLY',
    })
    assert.equal(deleted.body.experiments[0].experiment_id, id)
  })

  it('refuses filters and orderings it cannot evaluate', async () => {
    const filter = await t.post('/experiments/search', { filter: "name ~ 'x'" })
    assert.equal(filter.status, 400)
    assert.equal(filter.body.error_code, 'INVALID_PARAMETER_VALUE')
    assert.match(filter.body.message, /position 5/)
    const order = await t.get('/experiments/search', { order_by: 'name ASC' })
    assert.equal(order.status, 400)
    assert.match(order.body.message, /order_by/)
    const token = await t.post('/experiments/search', { filter: "name = 'x'", page_token: 'garbage' })
    assert.equal(token.status, 400)
    assert.equal(token.body.error_code, 'INVALID_PARAMETER_VALUE')
  })

  it('serves the legacy experiments/list', async () => {
    const id = await create('legacy-listed')
    await t.post('/experiments/delete', { experiment_id: id })
    const active = await t.get('/experiments/list')
    assert.equal(active.status, 200)
    const activeIds = active.body.experiments.map((e: { experiment_id: string }) => e.experiment_id)
    assert.ok(activeIds.includes('0'))
    assert.ok(!activeIds.includes(id))
    const all = await t.get('/experiments/list', { view_type: 'ALL' })
    assert.ok(all.body.experiments.some((e: { experiment_id: string }) => e.experiment_id === id))
    const paged = await t.get('/experiments/list', { view_type: 'ALL', max_results: '1' })
    assert.equal(paged.body.experiments.length, 1)
    assert.equal(typeof paged.body.next_page_token, 'string')
  })
})
