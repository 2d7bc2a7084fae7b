// The alert store on SQLite and PostgreSQL: one firing alert per model and condition even when
// processes race, resolution once, deliveries and retraining recorded, listing newest first.
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeEachBackend, type TestDatabase } from '../../../sql/test-databases.js'
import type { AlertStore, NewAlert, RetrainStatus, WebhookDelivery } from '../alert-store.js'
import { openAlertStore } from './sql-alert-store.js'

const alert = (overrides: Partial<NewAlert> = {}): NewAlert => ({
  model: 'churn',
  version: 2,
  condition: 'error_rate',
  kind: 'error_rate',
  value: 0.2,
  threshold: 0.05,
  firedAt: 1_000,
  ...overrides,
})

describeEachBackend('SqlAlertStore', (backend) => {
  let database: TestDatabase
  let store: AlertStore
  let other: AlertStore

  before(async () => {
    database = await backend.create()
    store = await openAlertStore(database.target)
    // A second process on the same database.
    other = await openAlertStore(database.target)
  })
  after(async () => {
    await store.close()
    await other.close()
    await database.dispose()
  })

  it('keeps one firing alert per model and condition, even when two processes fire it at once', async () => {
    const results = await Promise.all([
      store.fire(alert({ model: 'race' })),
      other.fire(alert({ model: 'race', value: 0.3 })),
      store.fire(alert({ model: 'race', value: 0.4 })),
    ])
    assert.equal(results.filter((r) => r.created).length, 1)
    assert.equal(new Set(results.map((r) => r.alert.id)).size, 1)
    const created = results.find((r) => r.created)!.alert
    assert.deepEqual(await store.list({ model: 'race' }), [created])
    assert.deepEqual(created.webhook, { firing: null, resolved: null })
    assert.equal(created.state, 'firing')
    assert.equal(created.retrain, null)
  })

  it('resolves an alert once, after which the condition can fire again', async () => {
    const { alert: fired } = await store.fire(alert({ model: 'once', firedAt: 5_000 }))
    const outcomes = await Promise.all([
      store.resolve(fired.id, { resolvedAt: 9_000, value: 0.01 }),
      other.resolve(fired.id, { resolvedAt: 9_500, value: 0.02 }),
    ])
    const resolved = outcomes.filter((o) => o !== null)
    assert.equal(resolved.length, 1)
    assert.equal(resolved[0]!.state, 'resolved')
    assert.equal(resolved[0]!.firedAt, 5_000)
    assert.ok([9_000, 9_500].includes(resolved[0]!.resolvedAt!))
    assert.equal(await store.resolve(fired.id, { resolvedAt: 10_000, value: 0 }), null)
    const again = await other.fire(alert({ model: 'once', firedAt: 11_000 }))
    assert.equal(again.created, true)
    assert.notEqual(again.alert.id, fired.id)
    assert.deepEqual(
      (await store.list({ model: 'once' })).map((a) => [a.state, a.firedAt]),
      [
        ['firing', 11_000],
        ['resolved', 5_000],
      ],
    )
  })

  it('records webhook deliveries per transition and the retraining command with its run', async () => {
    const { alert: fired } = await store.fire(alert({ model: 'records', version: null }))
    const delivery: WebhookDelivery = {
      delivered: false,
      attempts: 2,
      status: 500,
      error: 'HTTP 500',
      at: 2_000,
    }
    const afterWebhook = await store.recordWebhook(fired.id, 'firing', delivery)
    assert.deepEqual(afterWebhook.webhook, { firing: delivery, resolved: null })
    assert.equal(afterWebhook.version, null)
    const running: RetrainStatus = {
      command: ['npx', 'tsx', 'retrain.ts'],
      cwd: null,
      state: 'running',
      pid: 4242,
      exitCode: null,
      error: null,
      runId: null,
      startedAt: 2_000,
      endedAt: null,
    }
    assert.deepEqual((await store.recordRetrain(fired.id, running)).retrain, running)
    const ended = {
      ...running,
      state: 'succeeded',
      exitCode: 0,
      runId: 'a'.repeat(32),
      endedAt: 3_000,
    } as const
    assert.deepEqual((await other.recordRetrain(fired.id, ended)).retrain, ended)
    await store.resolve(fired.id, { resolvedAt: 4_000, value: 0.01 })
    const ok: WebhookDelivery = { delivered: true, attempts: 1, status: 204, error: null, at: 4_001 }
    const [listed] = await store.list({ model: 'records' })
    assert.deepEqual((await store.recordWebhook(fired.id, 'resolved', ok)).webhook, {
      firing: delivery,
      resolved: ok,
    })
    assert.equal(listed!.resolvedValue, 0.01)
    await assert.rejects(store.recordWebhook('nope', 'firing', ok), { code: 'RESOURCE_DOES_NOT_EXIST' })
    await assert.rejects(store.recordRetrain('nope', running), { code: 'RESOURCE_DOES_NOT_EXIST' })
  })

  it('lists newest first, by model and state, up to a limit', async () => {
    for (const [condition, firedAt] of [
      ['a', 100],
      ['b', 300],
      ['c', 200],
    ] as const) {
      await store.fire(alert({ model: 'listed', condition, firedAt }))
    }
    const all = await store.list({ model: 'listed' })
    assert.deepEqual(
      all.map((a) => a.condition),
      ['b', 'c', 'a'],
    )
    await store.resolve(all[1]!.id, { resolvedAt: 400, value: 0 })
    assert.deepEqual(
      (await store.list({ model: 'listed', state: 'firing' })).map((a) => a.condition),
      ['b', 'a'],
    )
    assert.deepEqual(
      (await store.list({ model: 'listed', limit: 1 })).map((a) => a.condition),
      ['b'],
    )
    assert.ok((await store.list()).length >= 6)
    await assert.rejects(store.list({ limit: 0 }), /limit: must be a whole number of at least 1/)
  })
})
