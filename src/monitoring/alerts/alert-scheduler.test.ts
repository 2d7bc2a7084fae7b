// The alert scheduler end to end: a trained and registered model, a real prediction log seeded hour by
// hour with an error rate that rises, flaps and falls, a real local HTTP server as the webhook, a
// retraining command, and the alert store on SQLite. The clock is fake: each evaluation looks at the
// hour before it.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { TrainedModel } from '../../models/index.js'
import { registerRunModel } from '../../registry/index.js'
import { Shipyard, SYSTEM_TAGS, trainRun } from '../../sdk/index.js'
import { loadConfig } from '../../shared/index.js'
import { type MonitorDeps, runReferenceSource } from '../monitor/index.js'
import { churnTable, failedTraffic, servedTraffic } from '../monitor/testing/monitor-fixtures.js'
import { openPredictionLog, type PredictionLogStore } from '../prediction-log/index.js'
import { ALERT_RUN_TAG, type AlertEvent } from './alert-dispatcher.js'
import { AlertScheduler, type AlertSchedulerOptions } from './alert-scheduler.js'
import type { AlertWebhookBody } from './alert-webhook.js'
import { parseAlertRules } from './parse-alert-rules.js'
import { openAlertStore } from './stores/sql-alert-store.js'

const HOUR = 3_600_000
/** The start of hour 0 of the seeded traffic. */
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR

let home: string
let shipyard: Shipyard
let log: PredictionLogStore
let model: TrainedModel
let webhook: Server
let webhookUrl: string
/** Bodies the webhook received, by path. */
const posts = new Map<string, AlertWebhookBody[]>()
/** Paths the webhook answers with 500. */
const failing = new Set<string>()

/**
 * Logs hour `hour` of model `churn`'s traffic: 40 requests, of which `failed` fail (others answered
 * by version 1), ten minutes into the hour.
 */
async function trafficAt(hour: number, failed: number): Promise<void> {
  const time = T0 + hour * HOUR + 10 * 60_000
  const prefix = `h${hour}`
  await log.append([
    ...servedTraffic(model, churnTable(100 + hour, 40 - failed), { version: 1, prefix, time }),
    ...failedTraffic(failed, { version: 1, prefix: `${prefix}-failed`, time }),
  ])
}

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'shipyard-alerts-'))
  shipyard = await Shipyard.open({ home })
  log = await openPredictionLog(loadConfig({ home }, {}), { autoCompact: false })
  const run = await trainRun(shipyard, churnTable(1, 600), {
    experiment: 'churn',
    target: 'churned',
    params: { num_trees: 4, num_leaves: 7 },
    validFraction: 0.25,
  })
  await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
    runId: run.runId,
    name: 'churn',
  })
  model = run.model
  // Hours 1..12, error rates: 0, ½, 0, ½, ½, ½, 0, ½, 0, 0, 0, ½ (hour 12 only for the restart test).
  const failures = [0, 20, 0, 20, 20, 20, 0, 20, 0, 0, 0, 20]
  for (const [i, failed] of failures.entries()) await trafficAt(i + 1, failed)
  webhook = createServer((request, response: ServerResponse) => {
    let text = ''
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString()
    })
    request.on('end', () => {
      const path = request.url ?? '/'
      posts.set(path, [...(posts.get(path) ?? []), JSON.parse(text) as AlertWebhookBody])
      response.writeHead(failing.has(path) ? 500 : 204).end()
    })
  })
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve))
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`
})

after(async () => {
  webhook.closeAllConnections()
  await new Promise((resolve) => webhook.close(resolve))
  await log.close()
  await shipyard.close()
  await rm(home, { recursive: true, force: true })
})

/** A clock to set, and the monitor's dependencies on it. */
function monitorAt(clock: { now: number }): MonitorDeps {
  return {
    registry: shipyard.registry,
    log,
    references: runReferenceSource(shipyard.store, shipyard.artifacts),
    now: () => clock.now,
  }
}

/** Rules for `churn`: error rate above 10%, 2 breaches to fire, 2 clear evaluations to resolve. */
function rules(path: string, extra: Record<string, unknown> = {}) {
  return parseAlertRules({
    report_url: 'http://shipyard.test:5000',
    alerts: {
      churn: {
        interval: '1h',
        window: '1h',
        webhook: `${webhookUrl}${path}`,
        conditions: [
          { kind: 'error_rate', threshold: 0.1, for: 2, clear_for: 2 },
          { kind: 'p99_latency_ms', threshold: 1000, for: 1, clear_for: 1 },
        ],
        ...extra,
      },
    },
  })
}

/** The events a scheduler told, and a wait for the first of a kind (past or to come). */
class Events {
  readonly all: AlertEvent[] = []
  readonly #waiting: { kind: AlertEvent['kind']; resolve: (event: AlertEvent) => void }[] = []

  push(event: AlertEvent): void {
    this.all.push(event)
    for (const waiter of this.#waiting.filter((w) => w.kind === event.kind)) waiter.resolve(event)
  }

  first(kind: AlertEvent['kind']): Promise<AlertEvent> {
    const seen = this.all.find((e) => e.kind === kind)
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.#waiting.push({ kind, resolve }))
  }
}

/** A scheduler (as one server process runs it) on its own store connection, collecting events and errors. */
async function scheduler(
  clock: { now: number },
  options: Pick<AlertSchedulerOptions, 'rules'> & Partial<AlertSchedulerOptions>,
) {
  const store = await openAlertStore(loadConfig({ home }, {}).database)
  const events = new Events()
  const errors: unknown[] = []
  const alerts = new AlertScheduler(
    { monitor: monitorAt(clock), store, runs: shipyard.store },
    {
      onError: (error) => errors.push(error),
      onEvent: (event) => events.push(event),
      webhook: { timeoutMs: 5000, retryDelayMs: 1 },
      ...options,
    },
  )
  return {
    alerts,
    store,
    events,
    errors,
    /** Evaluates at the end of each hour given: on that hour's traffic. */
    async evaluateAt(...hours: number[]) {
      for (const hour of hours) {
        clock.now = T0 + (hour + 1) * HOUR
        await alerts.evaluate('churn')
      }
    },
    async close() {
      await alerts.stop()
      await store.close()
    },
  }
}

/** The states the webhook at `path` received, in order. */
const statesAt = (path: string) => (posts.get(path) ?? []).map((p) => p.state)

describe('AlertScheduler', () => {
  it('fires and resolves once through a flapping error rate, calling the webhook exactly once per transition', async () => {
    const outFile = join(home, 'retrain.json')
    const script = `require('fs').writeFileSync(process.argv[1], JSON.stringify({ id: process.env.SHIPYARD_ALERT_ID, model: process.env.SHIPYARD_ALERT_MODEL, condition: process.env.SHIPYARD_ALERT_CONDITION, home: process.env.SHIPYARD_HOME }))`
    const s = await scheduler(
      { now: 0 },
      {
        rules: rules('/flapping', { retrain: { command: [process.execPath, '-e', script, outFile] } }),
        commandEnv: { SHIPYARD_HOME: home },
      },
    )
    try {
      // Hour 1 clear, 2 breached (pending), 3 clear: the flap fires nothing.
      await s.evaluateAt(1, 2, 3)
      assert.deepEqual(statesAt('/flapping'), [])
      // Hours 4 and 5 breached: fires at 5. Hour 6 breached: still firing, no second call.
      await s.evaluateAt(4)
      assert.deepEqual(statesAt('/flapping'), [])
      await s.evaluateAt(5, 6)
      assert.deepEqual(statesAt('/flapping'), ['firing'])
      // Hour 7 clear, 8 breached (back to firing, silently), 9 and 10 clear: resolves at 10; 11 stays ok.
      await s.evaluateAt(7, 8, 9)
      assert.deepEqual(statesAt('/flapping'), ['firing'])
      await s.evaluateAt(10, 11)
      assert.deepEqual(statesAt('/flapping'), ['firing', 'resolved'])

      const [firing, resolved] = posts.get('/flapping')!
      assert.deepEqual(firing, {
        alert_id: firing!.alert_id,
        model: 'churn',
        version: null,
        condition: 'error_rate',
        kind: 'error_rate',
        state: 'firing',
        value: 0.5,
        threshold: 0.1,
        fired_at: T0 + 6 * HOUR,
        resolved_at: null,
        report_url: 'http://shipyard.test:5000/api/v1/models/churn/monitor?window=1h',
      })
      assert.deepEqual(
        [resolved!.alert_id, resolved!.value, resolved!.fired_at, resolved!.resolved_at],
        [firing!.alert_id, 0, T0 + 6 * HOUR, T0 + 11 * HOUR],
      )

      // The retraining command ran once, with the alert in its environment; its exit is recorded.
      const ended = await s.events.first('retrain_ended')
      const written = JSON.parse(await readFile(outFile, 'utf8'))
      assert.deepEqual(written, { id: firing!.alert_id, model: 'churn', condition: 'error_rate', home })
      const kinds = s.events.all.map((e) => e.kind)
      assert.deepEqual([...kinds].sort(), ['fired', 'resolved', 'retrain_ended'])
      assert.equal(kinds[0], 'fired')
      assert.ok(s.events.all.every((e) => e.alert.id === firing!.alert_id))
      assert.deepEqual(
        [ended.alert.retrain?.state, ended.alert.retrain?.exitCode, ended.alert.retrain?.runId],
        ['succeeded', 0, null],
      )

      // The store has the one alert, with both times and both deliveries; the latency condition never fired.
      const listed = await s.store.list({ model: 'churn' })
      assert.equal(listed.length, 1)
      const alert = listed[0]!
      assert.deepEqual(
        [alert.id, alert.state, alert.firedAt, alert.resolvedAt, alert.value, alert.resolvedValue],
        [firing!.alert_id, 'resolved', T0 + 6 * HOUR, T0 + 11 * HOUR, 0.5, 0],
      )
      assert.deepEqual(
        [alert.webhook.firing?.delivered, alert.webhook.firing?.attempts, alert.webhook.resolved?.delivered],
        [true, 1, true],
      )
      assert.deepEqual(alert.retrain?.command.slice(0, 2), [process.execPath, '-e'])
      assert.deepEqual(s.errors, [])
    } finally {
      await s.close()
    }
  })

  it('links the run the retraining command starts with the SDK to the alert', async () => {
    assert.equal(ALERT_RUN_TAG, SYSTEM_TAGS.alertId, 'the tag the SDK sets is the tag the alert looks for')
    const script = `import { Shipyard } from './src/sdk/index.ts'
const shipyard = await Shipyard.open({})
await shipyard.withRun({ experimentName: 'retrain' }, async () => {})
await shipyard.close()`
    const s = await scheduler(
      { now: 0 },
      {
        rules: rules('/linked', {
          conditions: [{ kind: 'error_rate', name: 'linked', threshold: 0.1, for: 1 }],
          retrain: {
            command: [process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
            cwd: process.cwd(),
          },
        }),
        commandEnv: { SHIPYARD_HOME: home },
      },
    )
    try {
      await s.evaluateAt(2)
      const { alert } = await s.events.first('retrain_ended')
      assert.deepEqual(
        [alert.retrain?.state, alert.retrain?.exitCode],
        ['succeeded', 0],
        JSON.stringify(alert.retrain),
      )
      const run = await shipyard.store.getRun(alert.retrain!.runId!)
      assert.equal(run.data.tags[SYSTEM_TAGS.alertId], alert.id)
      assert.deepEqual(
        (await s.store.list({ model: 'churn', state: 'firing' })).map((a) => a.retrain?.runId),
        [run.info.runId],
      )
    } finally {
      await s.close()
    }
  })

  it('takes up the alerts the store has firing when a server restarts, and resolves them', async () => {
    const conditions = [{ kind: 'error_rate', name: 'restart', threshold: 0.1, for: 1, clear_for: 2 }]
    const clock = { now: 0 }
    const first = await scheduler(clock, { rules: rules('/restart', { conditions }) })
    await first.evaluateAt(5)
    await first.close()
    assert.deepEqual(statesAt('/restart'), ['firing'])
    const second = await scheduler(clock, { rules: rules('/restart', { conditions }) })
    try {
      await second.evaluateAt(6, 9, 10)
      assert.deepEqual(statesAt('/restart'), ['firing', 'resolved'])
      const [fired, resolved] = posts.get('/restart')!
      assert.equal(resolved!.alert_id, fired!.alert_id)
      assert.deepEqual(second.errors, [])
    } finally {
      await second.close()
    }
  })

  it('calls the webhook once per transition when several servers evaluate the same rules on one store', async () => {
    const conditions = [{ kind: 'error_rate', name: 'shared', threshold: 0.1, for: 2, clear_for: 2 }]
    const servers = await Promise.all(
      [1, 2, 3].map(() => scheduler({ now: 0 }, { rules: rules('/shared', { conditions }) })),
    )
    try {
      // Each hour evaluated by all at once, as servers whose timers tick together.
      for (const hour of [4, 5, 6, 9, 10, 11]) await Promise.all(servers.map((s) => s.evaluateAt(hour)))
      assert.deepEqual(statesAt('/shared'), ['firing', 'resolved'])
      const told = servers.flatMap((s) => s.events.all.map((e) => e.kind))
      assert.deepEqual(told.sort(), ['fired', 'resolved'])
      assert.deepEqual(
        servers.flatMap((s) => s.errors),
        [],
      )
    } finally {
      await Promise.all(servers.map((s) => s.close()))
    }
  })

  it('evaluates on its timer, one evaluation at a time, and fires once however often it ticks', async () => {
    let evaluations = 0
    let ticked: () => void = () => {}
    const fiveTicks = new Promise<void>((resolve) => {
      ticked = resolve
    })
    const clock = {
      get now() {
        if (++evaluations >= 5) ticked()
        return T0 + 6 * HOUR
      },
      set now(_: number) {},
    }
    const conditions = [{ kind: 'error_rate', name: 'timer', threshold: 0.1, for: 1 }]
    const s = await scheduler(clock, { rules: rules('/timer', { conditions, interval: '5ms' }) })
    s.alerts.start()
    await fiveTicks
    await s.close()
    assert.deepEqual(statesAt('/timer'), ['firing'])
    assert.deepEqual(s.errors, [])
    const after = evaluations
    await new Promise((resolve) => setTimeout(resolve, 30))
    assert.equal(evaluations, after, 'no evaluation after stop')
  })

  it('records and reports failures instead of throwing: a webhook that refuses, a command that cannot start, an unknown model', async () => {
    failing.add('/failing')
    const s = await scheduler(
      { now: 0 },
      {
        rules: parseAlertRules({
          alerts: {
            churn: {
              webhook: `${webhookUrl}/failing`,
              conditions: [{ kind: 'error_rate', name: 'refused', threshold: 0.1, for: 1 }],
              retrain: { command: ['shipyard-no-such-command-here'] },
            },
            ghost: { conditions: [{ kind: 'error_rate', threshold: 0.1 }] },
          },
        }),
      },
    )
    try {
      await s.evaluateAt(2)
      await s.alerts.evaluate('ghost')
      await assert.rejects(s.alerts.evaluate('nobody'), { code: 'RESOURCE_DOES_NOT_EXIST' })
      const { alert } = await s.events.first('retrain_ended')
      assert.equal(statesAt('/failing').length, 2, 'one retry')
      const stored = (await s.store.list({ model: 'churn', state: 'firing' })).find(
        (a) => a.condition === 'refused',
      )
      assert.equal(stored!.id, alert.id)
      assert.deepEqual(
        [stored!.webhook.firing?.delivered, stored!.webhook.firing?.attempts, stored!.webhook.firing?.error],
        [false, 2, 'HTTP 500'],
      )
      assert.deepEqual([alert.retrain?.state, alert.retrain?.exitCode], ['failed', null])
      assert.match(alert.retrain!.error!, /ENOENT/)
      assert.deepEqual(
        s.errors.map((e) => (e as { code?: string }).code),
        ['SHIPYARD_REMOTE_UNREACHABLE', 'RESOURCE_DOES_NOT_EXIST'],
      )
      assert.match(String(s.errors[1]), /ghost/)
    } finally {
      await s.close()
    }
  })
})
