// Conditions checked against hand-made monitor reports: which value each reads, when it breaches,
// which version it picks when several answered, and when it has nothing to judge by.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DriftReport } from '../drift/index.js'
import type { MonitorReport, TrafficSummary, VersionMonitor } from '../monitor/index.js'
import type { AlertCondition } from './alert-rules.js'
import { observeCondition } from './observe-condition.js'

const hysteresis = { fireAfter: 1, resolveAfter: 1 }

function traffic(errorRate: number | null, p99: number | null): TrafficSummary {
  const requests = errorRate === null ? 0 : 100
  return {
    records: requests,
    requests,
    errors: Math.round((errorRate ?? 0) * requests),
    errorRate,
    latencyMs: { p50: p99 === null ? null : p99 / 2, p99 },
  }
}

/** A version with `share` of 4 features drifted (null: no reference), and live against training AUC. */
function version(
  n: number,
  drift: number | null,
  quality?: { live: number | null; trained: number | null; scored: number },
): VersionMonitor {
  const report: DriftReport = {
    version: 1,
    drifted: drift !== null && drift >= 0.5,
    driftedFeatures: (drift ?? 0) * 4,
    share: drift ?? 0,
    driftShare: 0.5,
    features: [],
    prediction: null,
  }
  return {
    version: n,
    runId: null,
    registered: true,
    traffic: traffic(0, 10),
    drift:
      drift === null
        ? { available: false, reason: `version ${n} has no reference` }
        : { available: true, liveRows: 100, referenceRows: 1000, report },
    quality:
      quality === undefined
        ? null
        : {
            live: {
              task: 'binary',
              loggedRows: 500,
              labelledRows: quality.scored,
              coverage: quality.scored / 500,
              scoredRows: quality.scored,
              metrics:
                quality.scored === 0 ? null : { auc: quality.live, logloss: 0.4, accuracy: 0.8, f1: 0.7 },
            },
            training: {
              dataset: 'valid',
              metrics: { auc: quality.trained, logloss: 0.3, accuracy: 0.85, f1: 0.75 },
            },
          },
  }
}

function report(
  versions: VersionMonitor[],
  errorRate: number | null = 0.01,
  p99: number | null = 20,
): MonitorReport {
  return {
    reportVersion: 1,
    model: 'churn',
    window: { since: 0, until: 3_600_000, length: '1h' },
    traffic: traffic(errorRate, p99),
    versions,
  }
}

const errorRate: AlertCondition = { ...hysteresis, kind: 'error_rate', name: 'error_rate', threshold: 0.05 }
const latency: AlertCondition = { ...hysteresis, kind: 'p99_latency_ms', name: 'p99', threshold: 100 }
const auc = (threshold: number, minLabels = 50): AlertCondition => ({
  ...hysteresis,
  kind: 'metric_decay',
  name: 'auc_decay',
  metric: 'auc',
  threshold,
  minLabels,
})

describe('observeCondition', () => {
  it("reads error rate and p99 latency from the model's traffic, breaching strictly above the threshold", () => {
    assert.deepEqual(observeCondition(errorRate, report([], 0.2)), {
      measured: true,
      breached: true,
      value: 0.2,
      threshold: 0.05,
      version: null,
    })
    assert.equal((observeCondition(errorRate, report([], 0.05)) as { breached: boolean }).breached, false)
    assert.equal((observeCondition(latency, report([], 0, 100.5)) as { breached: boolean }).breached, true)
    assert.equal((observeCondition(latency, report([], 0, 99)) as { breached: boolean }).breached, false)
    assert.deepEqual(observeCondition(errorRate, report([], null, null)), {
      measured: false,
      reason: 'no requests in the window',
    })
  })

  it('reports the most drifted version, against the threshold or else the dataset verdict', () => {
    const versions = [version(1, 0.25), version(2, 0.75), version(3, null)]
    const verdict: AlertCondition = { ...hysteresis, kind: 'drift', name: 'drift', threshold: null }
    assert.deepEqual(observeCondition(verdict, report(versions)), {
      measured: true,
      breached: true,
      value: 0.75,
      threshold: 0.5,
      version: 2,
    })
    const strict: AlertCondition = { ...verdict, threshold: 0.25 }
    assert.deepEqual(observeCondition(strict, report([version(1, 0.25)])), {
      measured: true,
      breached: true,
      value: 0.25,
      threshold: 0.25,
      version: 1,
    })
    assert.equal(
      (observeCondition(verdict, report([version(1, 0.25)])) as { breached: boolean }).breached,
      false,
    )
    assert.deepEqual(observeCondition(verdict, report([version(3, null)])), {
      measured: false,
      reason: 'version 3 has no reference',
    })
  })

  it('compares a live metric with training less the decay allowed, on the version that lost most', () => {
    const versions = [
      version(1, 0, { live: 0.84, trained: 0.9, scored: 200 }),
      version(2, 0, { live: 0.7, trained: 0.88, scored: 200 }),
    ]
    const seen = observeCondition(auc(0.05), report(versions))
    assert.equal(seen.measured && seen.version, 2)
    assert.equal(seen.measured && seen.breached, true)
    assert.equal(seen.measured && seen.value, 0.7)
    assert.ok(seen.measured && Math.abs(seen.threshold - 0.83) < 1e-12)
    const tolerant = observeCondition(auc(0.2), report(versions))
    assert.equal(tolerant.measured && tolerant.breached, false)
    assert.equal(tolerant.measured && tolerant.version, 2, 'the nearest to its bound')
  })

  it('compares metrics where lower is better the other way', () => {
    const logloss: AlertCondition = {
      ...hysteresis,
      kind: 'metric_decay',
      name: 'll',
      metric: 'logloss',
      threshold: 0.05,
      minLabels: 1,
    }
    // Live log loss 0.4 against 0.3 at training: worse by 0.1.
    const seen = observeCondition(logloss, report([version(1, 0, { live: 0.9, trained: 0.9, scored: 10 })]))
    assert.ok(seen.measured && seen.breached && Math.abs(seen.threshold - 0.35) < 1e-12, JSON.stringify(seen))
  })

  it('has nothing to judge by with fewer scored labels than min_labels, or without both metrics', () => {
    const few = observeCondition(
      auc(0.05, 100),
      report([version(1, 0, { live: 0.5, trained: 0.9, scored: 99 })]),
    )
    assert.deepEqual(few, {
      measured: false,
      reason: 'version 1 has 99 scored labels in the window, fewer than min_labels 100',
    })
    const oneClass = observeCondition(
      auc(0.05),
      report([version(1, 0, { live: null, trained: 0.9, scored: 60 })]),
    )
    assert.deepEqual(oneClass, { measured: false, reason: 'version 1 has no live auc' })
    const untrained = observeCondition(
      auc(0.05),
      report([version(1, 0, { live: 0.5, trained: null, scored: 60 })]),
    )
    assert.deepEqual(untrained, { measured: false, reason: 'version 1 has no training auc' })
    assert.deepEqual(observeCondition(auc(0.05), report([])), {
      measured: false,
      reason: 'no version answered requests in the window',
    })
    // One version short of labels does not hide another that has them.
    const mixed = observeCondition(
      auc(0.05, 100),
      report([
        version(1, 0, { live: 0.5, trained: 0.9, scored: 10 }),
        version(2, 0, { live: 0.89, trained: 0.9, scored: 150 }),
      ]),
    )
    assert.equal(mixed.measured && mixed.version, 2)
  })
})
