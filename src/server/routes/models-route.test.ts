import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RegisteredModel } from '../../registry/index.js'
import type { Page } from '../../tracking/index.js'
import { assertError, call, openTestApp, type TestApp } from '../test-app.js'
import { trainTestRuns } from './models-test-fixture.js'

type Detail = RegisteredModel & {
  versions: { version: number; runId: string | null; sha256: string; aliases: string[] }[]
  versionsNextPageToken?: string
}

describe('native API: /api/v1/models', () => {
  let t: TestApp
  let runId: string
  before(async () => {
    t = await openTestApp()
    runId = (await trainTestRuns(t, 1))[0]!.runId
  })
  after(() => t.close())
  const api = <T = Record<string, unknown>>(
    method: Parameters<typeof call>[1],
    url: string,
    payload?: unknown,
  ) => call<T>(t.app, method, `/api/v1${url}`, payload)
  const path = (name: string) => `/models/${encodeURIComponent(name)}`

  it('creates a model (201) and reads it back, any name that MLflow allows, by its encoded path', async () => {
    const name = 'churn model é%?#'
    const created = await api<RegisteredModel>('POST', '/models', {
      name,
      description: 'predicts churn',
      tags: { team: 'risk' },
    })
    assert.equal(created.status, 201)
    assert.equal(created.body.name, name)
    assert.equal(created.body.latestVersion, null)
    assert.deepEqual(created.body.aliases, {})
    assert.deepEqual(created.body.tags, { team: 'risk' })
    const read = await api<Detail>('GET', path(name))
    assert.equal(read.status, 200)
    assert.deepEqual(read.body, { ...created.body, versions: [] })
  })

  it('answers bad input with 400 naming the field, a taken name with RESOURCE_ALREADY_EXISTS', async () => {
    await api('POST', '/models', { name: 'taken' })
    assertError(await api('POST', '/models', { name: 'taken' }), 400, 'RESOURCE_ALREADY_EXISTS')
    assertError(await api('POST', '/models', {}), 400, 'INVALID_PARAMETER_VALUE', { field: 'name' })
    assertError(await api('POST', '/models', { name: 'a/b' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'name',
      message: /must not contain '\/'/,
    })
    assertError(await api('POST', '/models', { name: 'x', tags: { k: 1 } }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'tags.k',
    })
    assertError(await api('POST', '/models', { name: 'x', colour: 'blue' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'colour',
    })
    assertError(await api('PATCH', path('taken'), { description: 5 }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'description',
    })
    const tooLong = { name: 'renamed', description: 'd'.repeat(5001) }
    assertError(await api('PATCH', path('taken'), tooLong), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'description',
    })
    assert.equal((await api('GET', path('taken'))).status, 200, 'a refused PATCH renames nothing')
  })

  it('answers an unknown model with 404 RESOURCE_DOES_NOT_EXIST on every route', async () => {
    for (const [method, url, body] of [
      ['GET', path('nope')],
      ['PATCH', path('nope'), { description: 'x' }],
      ['DELETE', path('nope')],
      ['PUT', `${path('nope')}/tags`, { key: 'k', value: 'v' }],
      ['DELETE', `${path('nope')}/tags?key=k`],
    ] as const) {
      assertError(await api(method, url, body), 404, 'RESOURCE_DOES_NOT_EXIST', { message: /'nope'/ })
    }
  })

  it('shows the versions in short and the aliases once a run is registered', async () => {
    const registered = await api('POST', `${path('detailed')}/versions`, { runId })
    assert.equal(registered.status, 201, JSON.stringify(registered.body))
    await api('PUT', `${path('detailed')}/aliases/champion`, { version: 1 })
    const { body } = await api<Detail>('GET', path('detailed'))
    assert.equal(body.latestVersion, 1)
    assert.deepEqual(body.aliases, { champion: 1 })
    assert.equal(body.versions.length, 1)
    assert.equal(body.versions[0]?.runId, runId)
    assert.deepEqual(body.versions[0]?.aliases, ['champion'])
    assert.match(body.versions[0]?.sha256 ?? '', /^[0-9a-f]{64}$/)
    assert.equal(body.versionsNextPageToken, undefined)
  })

  it('renames and describes a model in one PATCH; an empty PATCH changes nothing', async () => {
    await api('POST', '/models', { name: 'before' })
    const { status, body } = await api<RegisteredModel>('PATCH', path('before'), {
      name: 'after',
      description: 'renamed',
    })
    assert.equal(status, 200)
    assert.deepEqual([body.name, body.description], ['after', 'renamed'])
    assertError(await api('GET', path('before')), 404, 'RESOURCE_DOES_NOT_EXIST')
    assert.deepEqual((await api('PATCH', path('after'), {})).body, body)
    await api('POST', '/models', { name: 'other' })
    assertError(await api('PATCH', path('other'), { name: 'after' }), 400, 'RESOURCE_ALREADY_EXISTS')
  })

  it('sets and deletes tags', async () => {
    await api('POST', '/models', { name: 'tagged' })
    assert.equal((await api('PUT', `${path('tagged')}/tags`, { key: 'stage', value: 'dev' })).status, 204)
    assert.deepEqual((await t.registry!.getModel('tagged')).tags, { stage: 'dev' })
    assert.equal((await api('DELETE', `${path('tagged')}/tags?key=stage`)).status, 204)
    assert.deepEqual((await t.registry!.getModel('tagged')).tags, {})
    assertError(await api('DELETE', `${path('tagged')}/tags`), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'key',
    })
    assertError(await api('PUT', `${path('tagged')}/tags`, { key: 'k' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'value',
    })
  })

  it('deletes a model (204), then it is gone', async () => {
    await api('POST', '/models', { name: 'doomed' })
    assert.equal((await api('DELETE', path('doomed'))).status, 204)
    assertError(await api('GET', path('doomed')), 404, 'RESOURCE_DOES_NOT_EXIST')
  })

  it('searches by name pattern and tags, by name, in pages', async () => {
    for (const [name, team] of [
      ['search-a', 'risk'],
      ['search-b', 'risk'],
      ['search-c', 'growth'],
    ] as const) {
      await api('POST', '/models', { name, tags: { team } })
    }
    const names = (page: { body: Page<RegisteredModel> }) => page.body.items.map((model) => model.name)
    assert.deepEqual(names(await api('GET', '/models?nameLike=search-%25')), [
      'search-a',
      'search-b',
      'search-c',
    ])
    assert.deepEqual(names(await api('GET', '/models?nameLike=search-%25&tag=team%3Drisk')), [
      'search-a',
      'search-b',
    ])
    const first = await api<Page<RegisteredModel>>('GET', '/models?nameLike=search-%25&maxResults=2')
    assert.deepEqual(names(first), ['search-a', 'search-b'])
    const token = encodeURIComponent(first.body.nextPageToken ?? '')
    const second = await api<Page<RegisteredModel>>(
      'GET',
      `/models?nameLike=search-%25&maxResults=2&pageToken=${token}`,
    )
    assert.deepEqual(names(second), ['search-c'])
    assert.equal(second.body.nextPageToken, undefined)

    assertError(await api('GET', '/models?maxResults=0'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'maxResults',
    })
    assertError(await api('GET', '/models?maxResults=1001'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'maxResults',
    })
    assertError(await api('GET', '/models?tag=team'), 400, 'INVALID_PARAMETER_VALUE', { field: 'tag' })
    assertError(await api('GET', '/models?pageToken=garbage'), 400, 'SHIPYARD_PAGE_TOKEN_INVALID')
  })

  it('serves the MLflow registry API on both prefixes of the same server', async () => {
    for (const prefix of ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow']) {
      const { status, body } = await call<{ registered_model: { name: string } }>(
        t.app,
        'GET',
        `${prefix}/registered-models/get?name=detailed`,
      )
      assert.equal(status, 200)
      assert.equal(body.registered_model.name, 'detailed')
    }
  })
})

describe('a server without a registry', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp(undefined, undefined, { registry: false })
  })
  after(() => t.close())

  it('answers registry routes with 404 ENDPOINT_NOT_FOUND and does not document them', async () => {
    assertError(await call(t.app, 'GET', '/api/v1/models'), 404, 'ENDPOINT_NOT_FOUND')
    assertError(await call(t.app, 'POST', '/api/v1/models', { name: 'x' }), 404, 'ENDPOINT_NOT_FOUND')
    const mlflow = await call<{ error_code: string }>(
      t.app,
      'GET',
      '/api/2.0/mlflow/registered-models/get?name=x',
    )
    assert.equal(mlflow.status, 404)
    assert.equal(mlflow.body.error_code, 'ENDPOINT_NOT_FOUND')
    const document = await call<{ paths: Record<string, unknown> }>(t.app, 'GET', '/api/v1/openapi.json')
    assert.ok(document.body.paths['/runs/{runId}'])
    assert.equal(
      Object.keys(document.body.paths).some((p) => p.startsWith('/models')),
      false,
    )
  })
})
