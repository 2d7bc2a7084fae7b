import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Experiment, Page } from '../../tracking/index.js'
import { assertError, call, openTestApp, type TestApp } from '../test-app.js'

describe('native API: /api/v1/experiments', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
  })
  after(() => t.close())
  const api = (method: Parameters<typeof call>[1], url: string, payload?: unknown) =>
    call(t.app, method, `/api/v1${url}`, payload)

  it('creates an experiment (201) and reads it by id and by name', async () => {
    const created = await api('POST', '/experiments', { name: 'churn', tags: { team: 'risk' } })
    assert.equal(created.status, 201)
    const experiment = created.body as unknown as Experiment
    assert.equal(experiment.name, 'churn')
    assert.deepEqual(experiment.tags, { team: 'risk' })
    assert.equal(experiment.lifecycleStage, 'active')
    assert.deepEqual((await api('GET', `/experiments/${experiment.experimentId}`)).body, experiment)
    assert.deepEqual((await api('GET', '/experiment-by-name?name=churn')).body, experiment)
    assert.deepEqual(experiment, await t.store.getExperiment(experiment.experimentId))
  })

  it('finds names that would not survive as URL path segments', async () => {
    for (const name of ['..', '.', 'a/b', 'x?y#z&w=1', 'é 🚢 %2F']) {
      const { body } = await api('POST', '/experiments', { name })
      const found = await api('GET', `/experiment-by-name?name=${encodeURIComponent(name)}`)
      assert.equal(found.status, 200, name)
      assert.equal(
        (found.body as unknown as Experiment).experimentId,
        (body as unknown as Experiment).experimentId,
      )
    }
  })

  it('renames, tags, deletes and restores, answering 204', async () => {
    const { experimentId } = await t.store.createExperiment({ name: 'lifecycle' })
    const path = `/experiments/${experimentId}`
    assert.equal((await api('PATCH', path, { name: 'lifecycle-2' })).status, 204)
    assert.equal((await api('PUT', `${path}/tags`, { key: 'owner', value: 'ana' })).status, 204)
    assert.equal((await api('DELETE', path)).status, 204)
    let stored = await t.store.getExperiment(experimentId)
    assert.equal(stored.name, 'lifecycle-2')
    assert.deepEqual(stored.tags, { owner: 'ana' })
    assert.equal(stored.lifecycleStage, 'deleted')
    assert.equal((await api('POST', `${path}/restore`)).status, 204)
    stored = await t.store.getExperiment(experimentId)
    assert.equal(stored.lifecycleStage, 'active')
  })

  it('pages through experiments with query parameters', async () => {
    for (let i = 0; i < 5; i++) await t.store.createExperiment({ name: `page-${i}` })
    const seen: string[] = []
    let token: string | undefined
    do {
      const query = `maxResults=2${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`
      const { status, body } = await api('GET', `/experiments?${query}`)
      assert.equal(status, 200)
      const page = body as unknown as Page<Experiment>
      assert.ok(page.items.length <= 2)
      seen.push(...page.items.map((e) => e.name))
      token = page.nextPageToken
    } while (token)
    assert.equal(new Set(seen).size, seen.length)
    for (let i = 0; i < 5; i++) assert.ok(seen.includes(`page-${i}`))
    const deleted = await api('GET', '/experiments?viewType=DELETED_ONLY')
    assert.deepEqual((deleted.body as unknown as Page<Experiment>).items, [])
  })

  it('answers 404 RESOURCE_DOES_NOT_EXIST for unknown experiments on every route', async () => {
    const missing = '/experiments/424242'
    for (const [method, url, payload] of [
      ['GET', missing],
      ['PATCH', missing, { name: 'x' }],
      ['DELETE', missing],
      ['POST', `${missing}/restore`],
      ['PUT', `${missing}/tags`, { key: 'k', value: 'v' }],
      ['GET', '/experiment-by-name?name=nope'],
    ] as const) {
      assertError(await api(method, url, payload), 404, 'RESOURCE_DOES_NOT_EXIST', { message: /424242|nope/ })
    }
  })

  it('refuses a taken name with RESOURCE_ALREADY_EXISTS', async () => {
    await api('POST', '/experiments', { name: 'taken' })
    assertError(await api('POST', '/experiments', { name: 'taken' }), 400, 'RESOURCE_ALREADY_EXISTS')
    const { experimentId } = await t.store.createExperiment({ name: 'other' })
    assertError(
      await api('PATCH', `/experiments/${experimentId}`, { name: 'taken' }),
      400,
      'RESOURCE_ALREADY_EXISTS',
    )
  })

  it('names the field of a body of the wrong shape, without coercing types', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ name: 5 }, 'name', /must be a string, got 5/],
      [{}, 'name', /is required/],
      [{ name: 'x', tag: {} }, 'tag', /not a known field; expected one of: name, artifactLocation, tags/],
      [{ name: 'x', tags: { a: 1 } }, 'tags.a', /must be a string/],
      [{ name: 'x', tags: ['a'] }, 'tags', /must be an object, got an array/],
      [[{ name: 'x' }], 'body', /must be an object/],
    ]
    for (const [payload, field, message] of cases) {
      assertError(await api('POST', '/experiments', payload), 400, 'INVALID_PARAMETER_VALUE', {
        field,
        message,
      })
    }
  })

  it('names a bad query parameter', async () => {
    assertError(await api('GET', '/experiments?viewType=SOME'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'viewType',
      message: /ACTIVE_ONLY, DELETED_ONLY, ALL/,
    })
    assertError(await api('GET', '/experiments?maxResults=ten'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'maxResults',
    })
    assertError(await api('GET', '/experiments?maxResult=10'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'maxResult',
    })
    assertError(await api('GET', '/experiment-by-name'), 400, 'INVALID_PARAMETER_VALUE', { field: 'name' })
  })

  it("passes the store's own validation through: empty names, oversized names and tags, page sizes", async () => {
    assertError(await api('POST', '/experiments', { name: ' ' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'name',
    })
    assertError(
      await api('POST', '/experiments', { name: 'n'.repeat(257) }),
      400,
      'INVALID_PARAMETER_VALUE',
      {
        message: /256/,
      },
    )
    const { experimentId } = await t.store.createExperiment({ name: 'tagged' })
    assertError(
      await api('PUT', `/experiments/${experimentId}/tags`, { key: 'k', value: 'v'.repeat(5001) }),
      400,
      'INVALID_PARAMETER_VALUE',
      { message: /5000/ },
    )
    assertError(await api('GET', '/experiments?maxResults=0'), 400, 'INVALID_PARAMETER_VALUE', {
      message: /max_results/,
    })
    assertError(await api('GET', '/experiments?pageToken=garbage!'), 400, 'SHIPYARD_PAGE_TOKEN_INVALID')
  })
})
