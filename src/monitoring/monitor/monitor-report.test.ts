// The monitor report over a seeded prediction log, for versions trained with trainRun (which logs the
// drift reference): same-distribution traffic does not drift, traffic with age moved by one standard
// deviation does, labels join into live quality beside training metrics, and a version without a
// reference gets a reason instead of an error.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TRAIN_RUN_ARTIFACTS } from '../../sdk/index.js'
import type { ReferenceProfile } from '../drift/index.js'
import { type MonitorDeps, type MonitorReport, monitorReport } from './monitor-report.js'
import { runReferenceSource } from './reference-source.js'
import { MONITOR_NOW, type MonitorFixture, openMonitorFixture } from './testing/monitor-fixtures.js'
import { REFERENCE_ARTIFACT } from './training-reference.js'

let fixture: MonitorFixture
let deps: MonitorDeps
let report: MonitorReport

before(async () => {
  fixture = await openMonitorFixture()
  const { shipyard, log } = fixture
  deps = {
    registry: shipyard.registry,
    log,
    references: runReferenceSource(shipyard.store, shipyard.artifacts),
    now: () => MONITOR_NOW,
  }
  report = await monitorReport(deps, { model: 'churn' })
})
after(() => fixture.close())

const versionOf = (n: number) => report.versions.find((v) => v.version === n)!

describe('monitorReport', () => {
  it('trainRun logs the reference: input features but the datetime, and the prediction on the validation rows', async () => {
    assert.equal(TRAIN_RUN_ARTIFACTS.reference, REFERENCE_ARTIFACT)
    const version = await fixture.shipyard.registry.getVersion('churn', 1)
    const run = await fixture.shipyard.store.getRun(version.lineage.runId!)
    const reference = JSON.parse(
      (await fixture.shipyard.artifacts.read(run.info, REFERENCE_ARTIFACT)).toString(),
    ) as ReferenceProfile
    assert.deepEqual(
      reference.features.map((f) => [f.name, f.kind]),
      [
        ['age', 'numeric'],
        ['income', 'numeric'],
        ['city', 'categorical'],
        ['member', 'categorical'],
      ],
    )
    assert.equal(reference.rows, 2250)
    assert.deepEqual(
      [reference.prediction?.name, reference.prediction?.kind, reference.prediction?.rows],
      ['probability', 'numeric', 750],
    )
  })

  it("covers each version seen in the window, with the model's and each version's traffic", () => {
    assert.deepEqual(report.window, { since: MONITOR_NOW - 86_400_000, until: MONITOR_NOW, length: '24h' })
    assert.deepEqual(
      report.versions.map((v) => [v.version, v.registered, v.traffic.requests, v.traffic.errors]),
      [
        [1, true, 1230, 30],
        [2, true, 1200, 0],
        [3, true, 20, 0],
      ],
    )
    assert.deepEqual(
      [report.traffic.requests, report.traffic.errors, report.traffic.records],
      [2450, 30, 2450],
    )
    // Latencies 1..10 ms on 1,200 requests, then 30 failures at 0.5 ms.
    assert.deepEqual(versionOf(2).traffic.latencyMs, { p50: 5.5, p99: 10 })
    assert.equal(versionOf(1).traffic.latencyMs.p50, 5)
    assert.equal(versionOf(1).traffic.errorRate, 30 / 1230)
  })

  it('finds no drift in same-distribution traffic and reports the shifted feature of the other', () => {
    const same = versionOf(1).drift
    const shifted = versionOf(2).drift
    assert.ok(same.available && shifted.available)
    assert.equal(same.liveRows, 1200, 'failed requests and older records are left out')
    assert.equal(same.referenceRows, 2250)
    assert.deepEqual(
      same.report.features.map((f) => [f.name, f.status]),
      [
        ['age', 'ok'],
        ['income', 'ok'],
        ['city', 'ok'],
        ['member', 'ok'],
      ],
    )
    assert.equal(same.report.prediction?.status, 'ok')
    assert.equal(same.report.drifted, false)
    assert.deepEqual(
      shifted.report.features.map((f) => [f.name, f.status]),
      [
        ['age', 'drift'],
        ['income', 'ok'],
        ['city', 'ok'],
        ['member', 'ok'],
      ],
    )
    const age = shifted.report.features[0]!
    assert.equal(age.method, 'wasserstein')
    assert.ok(age.statistic! > 0.8 && age.psi! > 0.2, JSON.stringify(age))
    assert.equal(
      shifted.report.prediction?.status,
      'drift',
      'older customers churn more: the prediction moves too',
    )
    assert.deepEqual(
      [shifted.report.driftedFeatures, shifted.report.share, shifted.report.drifted],
      [1, 0.25, false],
    )
  })

  it('joins labels into live quality, with coverage, beside the training metrics', async () => {
    const { live, training } = versionOf(1).quality!
    assert.deepEqual(
      [live.task, live.loggedRows, live.labelledRows, live.scoredRows],
      ['binary', 1230, 300, 300],
    )
    assert.equal(live.coverage, 300 / 1230)
    // The same rows scored in process give the same metrics.
    const same = fixture.traffic.same
    const labelled = same.take(Array.from({ length: same.rowCount / 4 }, (_, i) => i * 4))
    const expected = fixture.models[0]!.evaluate(labelled).metrics
    const metrics = live.metrics as { auc: number; logloss: number; accuracy: number; f1: number }
    assert.ok(Math.abs(metrics.auc - expected.roc_auc!) < 1e-9, `${metrics.auc} vs ${expected.roc_auc}`)
    assert.ok(Math.abs(metrics.logloss - expected.logloss!) < 1e-9)
    assert.equal(metrics.accuracy, expected.accuracy)
    const version = await fixture.shipyard.registry.getVersion('churn', 1)
    assert.deepEqual(training, {
      dataset: 'valid',
      metrics: {
        auc: version.metrics.valid_roc_auc,
        logloss: version.metrics.valid_logloss,
        accuracy: version.metrics.valid_accuracy,
        f1: version.metrics.valid_f1,
      },
    })
    const noLabels = versionOf(3).quality!
    assert.deepEqual(
      [noLabels.live.labelledRows, noLabels.live.metrics, noLabels.training.dataset],
      [0, null, null],
    )
  })

  it('says why a version has no drift instead of failing', () => {
    const imported = versionOf(3).drift
    assert.equal(imported.available, false)
    assert.match(
      !imported.available ? imported.reason : '',
      /version 3 was imported, not trained in a tracked run/,
    )
    assert.equal(versionOf(3).runId, null)
  })

  it('reports one version when asked, even without traffic, and a window of another length', async () => {
    const quiet = await monitorReport(deps, { model: 'churn', version: 2, window: '30m' })
    assert.deepEqual(
      quiet.versions.map((v) => [v.version, v.traffic.requests]),
      [[2, 0]],
    )
    assert.match(
      quiet.versions[0]!.drift.available ? '' : quiet.versions[0]!.drift.reason,
      /no successful predictions of version 2/,
    )
    const longer = await monitorReport(deps, { model: 'churn', version: 1, window: '3d' })
    assert.equal(longer.versions[0]!.traffic.requests, 1430)
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report)
  })

  it('refuses an unknown model or version and a bad window', async () => {
    await assert.rejects(monitorReport(deps, { model: 'nope' }), { code: 'RESOURCE_DOES_NOT_EXIST' })
    await assert.rejects(monitorReport(deps, { model: 'churn', version: 9 }), {
      code: 'RESOURCE_DOES_NOT_EXIST',
    })
    await assert.rejects(
      monitorReport(deps, { model: 'churn', window: '24' }),
      /window: '24' is not a length of time/,
    )
    await assert.rejects(monitorReport(deps, { model: 'churn', window: '0h' }), {
      code: 'INVALID_PARAMETER_VALUE',
    })
  })
})
