import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { TEST_DATABASE_BACKENDS } from '../sql/test-databases.js'
import { publishAliasChange } from './alias-notifications.js'
import { AliasWatcher } from './alias-watcher.js'
import { openServingFixture, registerRegressor, until } from './testing/serving-fixtures.js'

/** A registry whose alias generation the test moves, counting the looks. */
function fakeRegistry() {
  const state = { generation: 1, looks: 0 }
  return {
    state,
    registry: {
      aliasGeneration: async () => {
        state.looks++
        return state.generation
      },
    },
  }
}

const NO_POLL = 3_600_000
const redisUrl = process.env.SHIPYARD_TEST_REDIS_URL
const postgres = TEST_DATABASE_BACKENDS.find((backend) => backend.name === 'postgres')!

describe('AliasWatcher', () => {
  const watchers: AliasWatcher[] = []
  after(async () => {
    await Promise.all(watchers.map((watcher) => watcher.close()))
  })

  it('re-resolves once at start, then only when the generation moves', async () => {
    const { state, registry } = fakeRegistry()
    let changes = 0
    const watcher = await AliasWatcher.start({
      registry,
      pollIntervalMs: 10,
      onChange: async () => void changes++,
    })
    watchers.push(watcher)
    assert.equal(changes, 1, 'the first pass')
    const looked = state.looks
    await until(() => state.looks >= looked + 3, 'three polls')
    assert.equal(changes, 1, 'an unchanged generation re-resolves nothing')
    state.generation = 2
    await until(() => changes === 2, 'the change to be seen')
  })

  it('re-resolves at every poll while something is pending (a route not loaded yet)', async () => {
    const { state, registry } = fakeRegistry()
    let changes = 0
    let pending = true
    const watcher = await AliasWatcher.start({
      registry,
      pollIntervalMs: 10,
      pending: () => pending,
      onChange: async () => void changes++,
    })
    watchers.push(watcher)
    await until(() => changes >= 3, 'retries while pending')
    pending = false
    const settled = changes
    const looked = state.looks
    await until(() => state.looks >= looked + 3, 'three more polls')
    assert.ok(changes <= settled + 1, 'no retries once nothing is pending')
  })

  it('keeps polling when the registry fails a look', async () => {
    const { state, registry } = fakeRegistry()
    let fail = false
    let changes = 0
    const flaky = {
      aliasGeneration: async () => {
        if (fail) throw new Error('database away')
        return registry.aliasGeneration()
      },
    }
    const watcher = await AliasWatcher.start({
      registry: flaky,
      pollIntervalMs: 10,
      onChange: async () => void changes++,
    })
    watchers.push(watcher)
    fail = true
    await new Promise((resolve) => setTimeout(resolve, 40))
    fail = false
    state.generation = 5
    await until(() => changes === 2, 'the change after the registry came back')
  })

  it('keeps polling when Redis and PostgreSQL notifications cannot be reached', async () => {
    const { state, registry } = fakeRegistry()
    let changes = 0
    const watcher = await AliasWatcher.start({
      registry,
      pollIntervalMs: 10,
      redisUrl: 'redis://127.0.0.1:1',
      postgresUrl: 'postgres://nobody@127.0.0.1:1/none',
      onChange: async () => void changes++,
    })
    watchers.push(watcher)
    state.generation = 2
    await until(() => changes === 2, 'the poll to see the change')
  })

  it('hears a Redis notification at once, without waiting for a poll', {
    skip: redisUrl ? false : 'SHIPYARD_TEST_REDIS_URL is not set',
  }, async () => {
    const { registry } = fakeRegistry()
    let changes = 0
    const watcher = await AliasWatcher.start({
      registry,
      pollIntervalMs: NO_POLL,
      redisUrl: redisUrl!,
      onChange: async () => void changes++,
    })
    watchers.push(watcher)
    await publishAliasChange(redisUrl!, 'churn')
    await until(() => changes === 2, 'the Redis notification')
  })

  it('refuses to publish to an unreachable Redis with SHIPYARD_REMOTE_UNREACHABLE', async () => {
    await assert.rejects(publishAliasChange('redis://127.0.0.1:1', 'churn'), (error: unknown) => {
      return error instanceof Error && /cannot tell the inference servers/.test(error.message)
    })
  })

  it('hears the store’s NOTIFY on PostgreSQL at once, without waiting for a poll', {
    skip: postgres.skip,
  }, async () => {
    const fixture = await openServingFixture(postgres)
    let watcher: AliasWatcher | undefined
    try {
      await registerRegressor(fixture.registry, 'spend', 1)
      let changes = 0
      watcher = await AliasWatcher.start({
        registry: fixture.registry,
        pollIntervalMs: NO_POLL,
        postgresUrl: fixture.postgresUrl,
        onChange: async () => void changes++,
      })
      await fixture.registry.setAlias('spend', 'production', 1)
      await until(() => changes === 2, 'the NOTIFY')
    } finally {
      await watcher?.close()
      await fixture.close()
    }
  })
})
