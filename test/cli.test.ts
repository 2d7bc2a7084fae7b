// End-to-end tests of the built `shipyard` CLI on each database backend: the quickstart, then
// reading its runs back (list, show, compare) and managing experiments and runs.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import { describeEachBackend, type TestDatabase } from '../src/sql/test-databases.js'
import { json, ok, type RunJson, requireBuiltCli, shipyard } from './cli-harness.js'

const RUN_ID = /^[0-9a-f]{32}$/

interface QuickstartJson {
  deployment: {
    model: string
    version: number
    alias: string
    runId: string
    response: {
      modelVersion: string
      predictions: { label: number; probabilities: Record<string, number> }[]
    }
  }
  production: {
    traffic: { requests: number; requestIds: string[] }
    feedback: {
      sent: number
      accepted: number
      unmatched: number
      late: number
      lateLabelsFile: string
    }
    explanation: {
      requestId: string
      probability: number
      space: string
      baseValue: number
      rawScore: number
      contributions: Record<string, number>
    }
    replay: {
      requestId: string
      replayedVersion: number
      logged: number
      replayed: number
      identical: boolean
    }
    monitor: {
      html: string
      requests: number
      loggedRows: number
      labelledRows: number
      coverage: number
      latencyMs: { p99: number }
      live: Record<string, number | null>
      training: { dataset: string; metrics: Record<string, number | null> }
      drift: { available: boolean; drifted?: boolean; features?: { status: string }[] }
    }
  }
  experimentId: string
  experimentName: string
  runs: { runId: string; runName: string; model: string; validAuc: number; validAccuracy: number }[]
  next: string[]
}

before(requireBuiltCli)

describeEachBackend('shipyard', (backend) => {
  let database: TestDatabase
  let env: Record<string, string>
  let quickstart: QuickstartJson

  before(async () => {
    database = await backend.create()
    env = { SHIPYARD_HOME: join(database.dir, 'home') }
    if (database.target.kind === 'postgres') env.SHIPYARD_DATABASE_URL = database.target.url
  })
  after(() => database?.dispose())

  // How long it takes is measured by hand and stated in the README, not asserted: tests assert behaviour.
  it('quickstart trains and logs a sweep and prints the next commands with real ids', () => {
    const result = shipyard(['quickstart'], env)
    assert.equal(result.status, 0, result.stderr)
    assert.equal(result.stderr, '', 'no progress bar or noise when stderr is not a terminal')
    const compare = /npx shipyard runs compare ([0-9a-f]{32}) ([0-9a-f]{32})/.exec(result.stdout)
    assert.ok(compare, `no compare hint in:\n${result.stdout}`)
    assert.match(result.stdout, /npx shipyard runs list --experiment quickstart/)
    assert.match(result.stdout, /npx shipyard server/)
    assert.match(result.stdout, /no dataset drift/)
    assert.match(result.stdout, /npx shipyard monitor churn --html monitor\.html/)
    assert.match(result.stdout, /MLFLOW_TRACKING_URI=http:\/\/127\.0\.0\.1:5000/)
    if (backend.name === 'sqlite') assert.ok(existsSync(join(env.SHIPYARD_HOME!, 'shipyard.db')))
    // The ids printed are real runs.
    const shown = json<RunJson>(['runs', 'show', compare[1]!], env)
    assert.equal(shown.info.status, 'FINISHED')
  })

  it('quickstart --json prints a summary and nothing else', () => {
    quickstart = json<QuickstartJson>(['quickstart'], env)
    assert.equal(quickstart.experimentName, 'quickstart')
    assert.equal(quickstart.runs.length, 4)
    for (const run of quickstart.runs) assert.match(run.runId, RUN_ID)
    assert.ok(
      quickstart.runs.some((run) => run.validAccuracy > 0.75),
      JSON.stringify(quickstart.runs),
    )
    assert.ok(quickstart.next.some((step) => step.includes(quickstart.runs[0]!.runId)))
  })

  it('quickstart registers the best run, points production at it and gets predictions from the server', () => {
    const deployment = quickstart.deployment
    const best = quickstart.runs.reduce((a, b) => (b.validAuc > a.validAuc ? b : a))
    assert.equal(deployment.runId, best.runId)
    // The second quickstart of this store: its model is version 2, and production moved to it.
    assert.deepEqual([deployment.model, deployment.version, deployment.alias], ['churn', 2, 'production'])
    assert.equal(deployment.response.modelVersion, '2')
    assert.equal(deployment.response.predictions.length, 2)
    for (const prediction of deployment.response.predictions) {
      const sum = Object.values(prediction.probabilities).reduce((a, b) => a + b, 0)
      assert.ok(Math.abs(sum - 1) < 1e-5, JSON.stringify(prediction))
      assert.ok([0, 1].includes(prediction.label))
    }
    const shown = json<{ model: { aliases: Record<string, number> }; aliasHistory: unknown[] }>(
      ['models', 'show', 'churn'],
      env,
    )
    assert.deepEqual(shown.model.aliases, { production: 2 })
    assert.equal(shown.aliasHistory.length, 2)
    assert.ok(
      quickstart.next.some((step) =>
        step.startsWith('curl -s http://127.0.0.1:8080/v1/models/churn:predict'),
      ),
    )
  })

  it('quickstart sends the held-out customers as logged traffic and late labels for most of them', () => {
    const { traffic, feedback } = quickstart.production
    assert.equal(traffic.requests, 500, 'the stratified quarter of 2,000 rows')
    assert.equal(new Set(traffic.requestIds).size, traffic.requests)
    for (const id of traffic.requestIds) assert.match(id, /^[0-9a-f-]{36}$/)
    assert.deepEqual([feedback.sent, feedback.late], [400, 100])
    assert.deepEqual([feedback.accepted, feedback.unmatched], [feedback.sent, 0])
    // The late labels wait in a CSV for `shipyard feedback --file`: a header, then one per request not labelled yet.
    const late = readFileSync(feedback.lateLabelsFile, 'utf8').trimEnd().split('\n')
    assert.equal(late[0], 'request_id,label')
    assert.equal(late.length, feedback.late + 1)
    const [id, label] = late[1]!.split(',')
    assert.ok(traffic.requestIds.includes(id!), late[1])
    assert.ok(['0', '1'].includes(label!), late[1])
  })

  it('quickstart explains the riskiest request: base value plus contributions give its raw score', () => {
    const { explanation, traffic } = quickstart.production
    assert.ok(traffic.requestIds.includes(explanation.requestId))
    assert.equal(explanation.space, 'log_odds')
    assert.deepEqual(Object.keys(explanation.contributions).sort(), [
      'monthly_charges',
      'plan',
      'signup_date',
      'support_calls',
      'tenure_months',
    ])
    const sum = Object.values(explanation.contributions).reduce((a, b) => a + b, explanation.baseValue)
    assert.ok(Math.abs(sum - explanation.rawScore) < 1e-6, JSON.stringify(explanation))
    // The raw score is the log-odds of the probability the server answered (float32 in the served graph).
    const probability = 1 / (1 + Math.exp(-explanation.rawScore))
    assert.ok(Math.abs(probability - explanation.probability) < 1e-4, JSON.stringify(explanation))
  })

  it('quickstart replays the explained request on the served version with an identical answer', () => {
    const { replay, explanation } = quickstart.production
    assert.equal(replay.requestId, explanation.requestId)
    assert.equal(replay.replayedVersion, quickstart.deployment.version)
    assert.equal(replay.identical, true, JSON.stringify(replay))
    assert.equal(replay.replayed, replay.logged)
    assert.equal(replay.logged, explanation.probability)
  })

  it('quickstart monitors live quality with partial labels, latency and no drift, and writes monitor.html', () => {
    const { monitor, traffic, feedback } = quickstart.production
    // This version's requests only (the first quickstart's were version 1): the held-out customers
    // and the two-customer sample.
    assert.equal(monitor.requests, traffic.requests + 1)
    assert.equal(monitor.loggedRows, traffic.requests + 2)
    assert.equal(monitor.labelledRows, feedback.accepted)
    assert.ok(monitor.coverage > 0 && monitor.coverage < 1, String(monitor.coverage))
    assert.ok(monitor.latencyMs.p99 > 0)
    assert.equal(monitor.training.dataset, 'valid')
    for (const metric of ['auc', 'accuracy']) {
      const live = monitor.live[metric]
      assert.ok(typeof live === 'number' && live > 0.5 && live <= 1, `${metric}: ${live}`)
      assert.equal(typeof monitor.training.metrics[metric], 'number')
    }
    assert.equal(monitor.drift.available, true, JSON.stringify(monitor.drift))
    assert.equal(monitor.drift.drifted, false, JSON.stringify(monitor.drift))
    assert.equal(monitor.drift.features?.length, 4)
    assert.match(readFileSync(monitor.html, 'utf8'), /^<!doctype html>/i)
  })

  it('quickstart leaves its requests where logs and replay find them, and lists those commands', () => {
    const id = quickstart.production.explanation.requestId
    const shown = json<{ predictions: { requestId: string; model: string; version: number }[] }>(
      ['logs', 'show', id],
      env,
    )
    assert.deepEqual(
      shown.predictions.map((p) => [p.requestId, p.model, p.version]),
      [[id, 'churn', quickstart.deployment.version]],
    )
    const replayed = json<{ summary: { statuses: { answered: number }; maxAbsDifference: number } }>(
      ['replay', id],
      env,
    )
    assert.deepEqual([replayed.summary.statuses.answered, replayed.summary.maxAbsDifference], [1, 0])
    for (const step of [
      'npx shipyard logs --model churn --limit 5',
      `npx shipyard logs show ${id}`,
      `npx shipyard replay ${id}`,
      `npx shipyard explain ${id}`,
      'npx shipyard monitor churn --html monitor.html',
      `npx shipyard feedback --file ${quickstart.production.feedback.lateLabelsFile}`,
    ]) {
      assert.ok(
        quickstart.next.some((next) => next.startsWith(step)),
        `${step} not in:\n${quickstart.next.join('\n')}`,
      )
    }
  })

  it('runs list prints an aligned table with ISO start times and latest metrics', () => {
    const out = ok(['runs', 'list', '--experiment', 'quickstart'], env)
    const [header, ...rows] = out.trimEnd().split('\n')
    assert.match(header!, /^RUN ID\s+NAME\s+EXPERIMENT\s+STATUS\s+START\s+DURATION\s+.*valid_accuracy/)
    // Two quickstarts: each a `churn-sweep` parent and its four nested runs.
    assert.equal(rows.length, 10, out)
    assert.equal(rows.filter((row) => row.includes('  churn-sweep  ')).length, 2, out)
    for (const row of rows) {
      assert.match(
        row,
        /^[0-9a-f]{32} {2}(gbdt-lr-\S+|linear|churn-sweep)\s+quickstart\s+FINISHED\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\s/,
      )
    }
    // Columns line up: every row has its status where the header has STATUS.
    const at = header!.indexOf('STATUS')
    for (const row of rows) assert.equal(row.slice(at, at + 8), 'FINISHED')
  })

  it('runs list --json pages with a token, orders and filters', () => {
    const experiment = quickstart.experimentId
    const first = json<{ runs: RunJson[]; nextPageToken?: string }>(
      ['runs', 'list', '--experiment', experiment, '--max', '5', '--order-by', 'metrics.valid_accuracy DESC'],
      env,
    )
    assert.equal(first.runs.length, 5)
    assert.ok(first.nextPageToken, 'a next page token')
    const rest = json<{ runs: RunJson[]; nextPageToken?: string }>(
      [
        'runs',
        'list',
        '--experiment',
        experiment,
        '--max',
        '5',
        '--order-by',
        'metrics.valid_accuracy DESC',
        '--page-token',
        first.nextPageToken!,
      ],
      env,
    )
    assert.equal(rest.runs.length, 5)
    assert.equal(rest.nextPageToken, undefined)
    const ordered = [...first.runs, ...rest.runs]
    // Runs without the metric (the two churn-sweep parents) sort last, as in MLflow.
    assert.deepEqual(
      ordered.slice(-2).map((run) => run.info.runName),
      ['churn-sweep', 'churn-sweep'],
    )
    const accuracies = ordered.slice(0, -2).map((run) => run.data.metrics.valid_accuracy!.value)
    assert.deepEqual(
      accuracies,
      [...accuracies].sort((a, b) => b - a),
    )
    assert.equal(new Set([...first.runs, ...rest.runs].map((run) => run.info.runId)).size, 10)

    const filtered = json<{ runs: RunJson[] }>(
      ['runs', 'list', '--filter', "params.learning_rate = '0.3'"],
      env,
    )
    assert.equal(filtered.runs.length, 2)
    for (const run of filtered.runs) assert.equal(run.data.params.learning_rate, '0.3')

    const table = ok(['runs', 'list', '--max', '3'], env)
    assert.match(table, /--page-token \S+/)
  })

  it('runs show prints info, params, tags, latest metrics and artifacts', () => {
    const run = quickstart.runs[1]!
    const out = ok(['runs', 'show', run.runId], env)
    assert.match(out, new RegExp(`run id:\\s+${run.runId}`))
    assert.match(out, /experiment:\s+quickstart \(id \d+\)/)
    assert.match(out, /status:\s+FINISHED/)
    assert.match(out, /learning_rate\s+0\.1\n/)
    assert.match(out, /valid_accuracy\s+0\.\d+\s+100\s/)
    assert.match(out, /model\.onnx\s+\d+(\.\d)? (B|KiB)\s+[0-9a-f]{16}/)
    const shown = json<RunJson & { artifacts: { path: string; sha256: string }[] }>(
      ['runs', 'show', run.runId],
      env,
    )
    assert.equal(shown.data.metrics.valid_accuracy?.step, 100)
    assert.equal(shown.data.metrics.valid_accuracy?.value, run.validAccuracy)
    assert.deepEqual(
      shown.artifacts.map((a) => a.path),
      [
        'data/profile.json',
        'data/schema.json',
        'importance.json',
        'model/model.json',
        'model/model.onnx',
        'model/pipeline.json',
        'model/signature.json',
        'monitoring/reference.json',
        'report.html',
      ],
    )
    assert.match(shown.artifacts[0]!.sha256, /^[0-9a-f]{64}$/)
  })

  it('runs compare marks the rows that differ', () => {
    const [a, b] = quickstart.runs
    const out = ok(['runs', 'compare', a!.runId, b!.runId], env)
    assert.match(out, /^\s*\*\s+learning_rate\s+0\.03\s+0\.1$/m)
    assert.match(out, /^\s+num_trees\s+100\s+100$/m, 'equal params are not marked')
    assert.match(out, /^\s*\*\s+valid_logloss\s/m)
    assert.ok(out.includes(`${a!.runName} (${a!.runId.slice(0, 8)})`))
    const diff = json<{
      params: { key: string; values: string[]; differs: boolean }[]
      metrics: { key: string; differs: boolean }[]
    }>(['runs', 'compare', a!.runId, b!.runId], env)
    assert.deepEqual(
      diff.params.find((p) => p.key === 'learning_rate'),
      { key: 'learning_rate', values: ['0.03', '0.1'], differs: true },
    )
    assert.equal(diff.params.find((p) => p.key === 'seed')?.differs, false)
    assert.equal(diff.metrics.find((m) => m.key === 'valid_logloss')?.differs, true)
  })

  it('experiments create, list, rename, delete and restore', () => {
    const created = json<{ experimentId: string; name: string }>(['experiments', 'create', 'churn'], env)
    assert.equal(created.name, 'churn')
    assert.match(
      ok(['experiments', 'list'], env),
      new RegExp(`^${created.experimentId}\\s+churn\\s+active\\s`, 'm'),
    )
    assert.match(
      ok(['experiments', 'rename', created.experimentId, 'churn-v2'], env),
      /renamed experiment \d+ to 'churn-v2'/,
    )
    ok(['experiments', 'delete', created.experimentId], env)
    const active = json<{ experiments: { name: string }[] }>(['experiments', 'list'], env)
    assert.deepEqual(active.experiments.map((e) => e.name).sort(), ['Default', 'quickstart'])
    const deleted = json<{ experiments: { name: string; lifecycleStage: string }[] }>(
      ['experiments', 'list', '--view', 'deleted'],
      env,
    )
    assert.deepEqual(deleted.experiments, [
      { ...deleted.experiments[0], name: 'churn-v2', lifecycleStage: 'deleted' },
    ])
    const restored = json<{ lifecycleStage: string }>(['experiments', 'restore', created.experimentId], env)
    assert.equal(restored.lifecycleStage, 'active')

    const duplicate = shipyard(['experiments', 'create', 'quickstart'], env)
    assert.equal(duplicate.status, 1)
    assert.equal(duplicate.stderr, "error: experiment 'quickstart' already exists\n")
  })

  it('runs delete hides a run from the listing until it is restored', () => {
    const victim = quickstart.runs[3]!.runId
    assert.match(ok(['runs', 'delete', victim], env), /deleted run/)
    const listed = json<{ runs: RunJson[] }>(['runs', 'list', '--experiment', 'quickstart'], env)
    assert.ok(!listed.runs.some((run) => run.info.runId === victim))
    const deleted = json<{ runs: RunJson[] }>(['runs', 'list', '--view', 'deleted'], env)
    assert.deepEqual(
      deleted.runs.map((run) => run.info.runId),
      [victim],
    )
    ok(['runs', 'restore', victim], env)
    assert.equal(
      json<{ runs: RunJson[] }>(['runs', 'list', '--experiment', 'quickstart'], env).runs.length,
      10,
    )
  })
})
