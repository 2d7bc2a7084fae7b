import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AliasEvent, ModelVersion } from '../../registry/index.js'
import { assertError, call, openTestApp, type TestApp } from '../test-app.js'
import { trainTestRuns } from './models-test-fixture.js'

describe('native API: /api/v1/models/{name}/aliases', () => {
  let t: TestApp
  before(async () => {
    t = await openTestApp()
    const runs = await trainTestRuns(t, 2)
    for (const { runId } of runs) {
      const registered = await call(t.app, 'POST', '/api/v1/models/churn/versions', { runId })
      assert.equal(registered.status, 201, JSON.stringify(registered.body))
    }
  })
  after(() => t.close())
  const api = <T = Record<string, unknown>>(
    method: Parameters<typeof call>[1],
    url: string,
    payload?: unknown,
  ) => call<T>(t.app, method, `/api/v1/models/churn${url}`, payload)
  const resolved = async (url: string) => (await api<ModelVersion>('GET', url)).body.version

  it('sets, moves, resolves and deletes an alias, answering each recorded change', async () => {
    const set = await api<AliasEvent>('PUT', '/aliases/Champion', {
      version: 1,
      user: 'ana',
      reason: 'first',
    })
    assert.equal(set.status, 200, JSON.stringify(set.body))
    assert.deepEqual(
      { ...set.body, time: 0 },
      {
        name: 'churn',
        alias: 'champion',
        fromVersion: null,
        toVersion: 1,
        time: 0,
        user: 'ana',
        reason: 'first',
      },
    )
    assert.equal(await resolved('/aliases/champion'), 1)
    assert.equal(await resolved('/aliases/CHAMPION'), 1, 'aliases are not case-sensitive')
    const moved = await api<AliasEvent>('PUT', '/aliases/champion', { version: 2 })
    assert.deepEqual([moved.body.fromVersion, moved.body.toVersion], [1, 2])
    assert.equal(await resolved('/aliases/champion'), 2)
    assert.deepEqual((await t.registry!.getModel('churn')).aliases, { champion: 2 })

    const deleted = await api<AliasEvent>('DELETE', '/aliases/champion?reason=retired')
    assert.equal(deleted.status, 200)
    assert.deepEqual(
      [deleted.body.fromVersion, deleted.body.toVersion, deleted.body.reason],
      [2, null, 'retired'],
    )
    assertError(await api('GET', '/aliases/champion'), 404, 'RESOURCE_DOES_NOT_EXIST', {
      message: /champion/,
    })
  })

  it('resolves latest and v<N> as names of versions', async () => {
    assert.equal(await resolved('/aliases/latest'), 2)
    assert.equal(await resolved('/aliases/v1'), 1)
  })

  it('keeps the history and answers which version an alias named at a past time', async () => {
    await api('PUT', '/aliases/prod', { version: 1, reason: 'launch' })
    // The two changes must fall on different milliseconds for "just before the move" to exist.
    await sleep(5)
    await api('PUT', '/aliases/prod', { version: 2, reason: 'better auc' })
    const history = await api<{ events: AliasEvent[] }>('GET', '/aliases/prod/history')
    assert.equal(history.status, 200)
    const [launch, move] = history.body.events
    assert.deepEqual(
      history.body.events.map((e) => [e.fromVersion, e.toVersion, e.reason]),
      [
        [null, 1, 'launch'],
        [1, 2, 'better auc'],
      ],
    )
    assert.equal(await resolved(`/aliases/prod?at=${launch!.time}`), 1)
    assert.equal(await resolved(`/aliases/prod?at=${move!.time - 1}`), 1)
    assert.equal(await resolved(`/aliases/prod?at=${move!.time}`), 2)
    assert.equal(await resolved(`/aliases/prod?at=${new Date(move!.time).toISOString()}`), 2)
    assertError(await api('GET', `/aliases/prod?at=${launch!.time - 1}`), 404, 'RESOURCE_DOES_NOT_EXIST', {
      message: /pointed at no version at/,
    })
    assertError(await api('GET', '/aliases/prod?at=yesterday'), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'at',
    })
    assert.deepEqual((await api<{ events: unknown[] }>('GET', '/aliases/nothing/history')).body.events, [])
  })

  it('rolls an alias back to its previous version, and refuses when there is none', async () => {
    await api('PUT', '/aliases/canary', { version: 1 })
    await api('PUT', '/aliases/canary', { version: 2 })
    const rolled = await api<AliasEvent>('POST', '/aliases/canary/rollback', { user: 'oncall' })
    assert.equal(rolled.status, 200, JSON.stringify(rolled.body))
    assert.deepEqual([rolled.body.fromVersion, rolled.body.toVersion, rolled.body.user], [2, 1, 'oncall'])
    assert.match(rolled.body.reason, /rollback/)
    assert.equal(await resolved('/aliases/canary'), 1)
    await api('PUT', '/aliases/fresh', { version: 1 })
    assertError(await api('POST', '/aliases/fresh/rollback', {}), 400, 'INVALID_PARAMETER_VALUE')
  })

  it('answers bad aliases and versions with 400 naming the field, unknown ones with 404', async () => {
    assertError(await api('PUT', '/aliases/a%20b', { version: 1 }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'alias',
    })
    assertError(await api('PUT', '/aliases/latest', { version: 1 }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'alias',
      message: /reserved/,
    })
    assertError(await api('PUT', '/aliases/ok', {}), 400, 'INVALID_PARAMETER_VALUE', { field: 'version' })
    assertError(await api('PUT', '/aliases/ok', { version: '1' }), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'version',
    })
    assertError(await api('PUT', '/aliases/ok', { version: 9 }), 404, 'RESOURCE_DOES_NOT_EXIST')
    assertError(await api('DELETE', '/aliases/never-set'), 404, 'RESOURCE_DOES_NOT_EXIST')
    assertError(await call(t.app, 'GET', '/api/v1/models/nope/aliases/prod'), 404, 'RESOURCE_DOES_NOT_EXIST')
  })
})
