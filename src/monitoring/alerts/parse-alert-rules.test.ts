// Reading alerts files: defaults, every kind of condition, and errors that name the file and field.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { ALERT_RULE_DEFAULTS, parseAlertRules, readAlertRules } from './parse-alert-rules.js'

const dir = mkdtempSync(join(tmpdir(), 'shipyard-alert-rules-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** The message `parseAlertRules(json)` refuses with. */
function refusal(json: unknown): string {
  try {
    parseAlertRules(json)
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'INVALID_PARAMETER_VALUE')
    return (error as Error).message
  }
  assert.fail('accepted')
}

const churn = (rule: Record<string, unknown>) => ({ alerts: { churn: rule } })

describe('readAlertRules', () => {
  it('reads every kind of condition from YAML, with defaults for what it leaves out', () => {
    const path = file(
      'alerts.yaml',
      `report_url: http://shipyard.internal:5000/
alerts:
  churn:
    interval: 30s
    window: 2h
    webhook: https://hooks.example.com/ml
    conditions:
      - { kind: error_rate, threshold: 0.05 }
      - { kind: p99_latency_ms, threshold: 250, for: 3, clear_for: 5 }
      - { kind: drift }
      - { kind: drift, name: age_drift, threshold: 0.25 }
      - { kind: metric_decay, metric: roc_auc, threshold: 0.05, min_labels: 200 }
    retrain: { command: [npx, tsx, retrain.ts], cwd: /srv/churn }
  fraud:
    conditions: [{ kind: metric_decay, metric: rmse, threshold: 2 }]
`,
    )
    const { rules, reportBaseUrl } = readAlertRules(path)
    assert.equal(reportBaseUrl, 'http://shipyard.internal:5000')
    const [churnRule, fraud] = rules
    assert.deepEqual(
      { ...churnRule!, conditions: undefined },
      {
        model: 'churn',
        intervalMs: 30_000,
        window: '2h',
        conditions: undefined,
        webhook: 'https://hooks.example.com/ml',
        retrain: { command: ['npx', 'tsx', 'retrain.ts'], cwd: '/srv/churn' },
      },
    )
    const hysteresis = { fireAfter: ALERT_RULE_DEFAULTS.for, resolveAfter: ALERT_RULE_DEFAULTS.clearFor }
    assert.deepEqual(churnRule!.conditions, [
      { ...hysteresis, kind: 'error_rate', name: 'error_rate', threshold: 0.05 },
      { fireAfter: 3, resolveAfter: 5, kind: 'p99_latency_ms', name: 'p99_latency_ms', threshold: 250 },
      { ...hysteresis, kind: 'drift', name: 'drift', threshold: null },
      { ...hysteresis, kind: 'drift', name: 'age_drift', threshold: 0.25 },
      {
        ...hysteresis,
        kind: 'metric_decay',
        name: 'auc_decay',
        metric: 'auc',
        threshold: 0.05,
        minLabels: 200,
      },
    ])
    assert.deepEqual(fraud, {
      model: 'fraud',
      intervalMs: 300_000,
      window: '1h',
      conditions: [
        {
          ...hysteresis,
          kind: 'metric_decay',
          name: 'rmse_decay',
          metric: 'rmse',
          threshold: 2,
          minLabels: ALERT_RULE_DEFAULTS.minLabels,
        },
      ],
      webhook: null,
      retrain: null,
    })
  })

  it('reads an empty file as no rules', () => {
    assert.deepEqual(readAlertRules(file('empty.yaml', '')), { rules: [], reportBaseUrl: null })
  })

  it('names the file, line and column of bad YAML, and the file of a bad setting', () => {
    const broken = file('broken.yaml', 'alerts:\n  churn: [\n')
    assert.throws(() => readAlertRules(broken), /broken\.yaml:3:1: not valid YAML/)
    const bad = file(
      'bad.yaml',
      'alerts:\n  churn:\n    conditions:\n      - { kind: error_rate, threshold: 5 }\n',
    )
    assert.throws(
      () => readAlertRules(bad),
      (error: Error & { details?: Record<string, unknown> }) => {
        assert.match(
          error.message,
          /^.*bad\.yaml: alerts\.churn\.conditions\[0\]\.threshold: must be a share from 0 to 1, got 5$/,
        )
        assert.equal(error.details?.file, bad)
        return true
      },
    )
    assert.throws(() => readAlertRules(join(dir, 'missing.yaml')), { code: 'RESOURCE_DOES_NOT_EXIST' })
  })
})

describe('parseAlertRules', () => {
  it('names the field of each bad value', () => {
    const cases: [unknown, RegExp][] = [
      [{ alert: {} }, /^alert: unknown setting \(did you mean 'alerts'\?\)/],
      [churn({ conditions: [] }), /^alerts\.churn\.conditions: must be a list of at least one condition/],
      [
        churn({ interval: '5', conditions: [{ kind: 'drift' }] }),
        /^alerts\.churn\.interval: '5' is not a length/,
      ],
      [churn({ window: 'soon', conditions: [{ kind: 'drift' }] }), /^alerts\.churn\.window: 'soon' is not/],
      [
        churn({ webhook: 'ftp://x', conditions: [{ kind: 'drift' }] }),
        /^alerts\.churn\.webhook: 'ftp:\/\/x' is not an http\(s\) URL/,
      ],
      [
        churn({ conditions: [{ kind: 'drift' }, { kind: 'error_rat', threshold: 0.1 }] }),
        /^alerts\.churn\.conditions\[1\]\.kind: "error_rat" is not a condition \(did you mean 'error_rate'\?\); the kinds are drift, metric_decay, error_rate, p99_latency_ms/,
      ],
      [churn({ conditions: [{ threshold: 1 }] }), /^alerts\.churn\.conditions\[0\]\.kind: is required/],
      [
        churn({ conditions: [{ kind: 'error_rate' }] }),
        /^alerts\.churn\.conditions\[0\]\.threshold: is required/,
      ],
      [
        churn({ conditions: [{ kind: 'drift' }, { kind: 'p99_latency_ms', threshold: '250ms' }] }),
        /^alerts\.churn\.conditions\[1\]\.threshold: must be a number, got "250ms"/,
      ],
      [
        churn({ conditions: [{ kind: 'drift', threshold: 0 }] }),
        /^alerts\.churn\.conditions\[0\]\.threshold: must be a share in \(0, 1\]/,
      ],
      [
        churn({ conditions: [{ kind: 'error_rate', threshold: 0.1, metric: 'auc' }] }),
        /^alerts\.churn\.conditions\[0\]\.metric: unknown setting/,
      ],
      [
        churn({ conditions: [{ kind: 'metric_decay', metric: 'aucc', threshold: 0.1 }] }),
        /^alerts\.churn\.conditions\[0\]\.metric: 'aucc' is not a live metric \(did you mean 'auc'\?\)/,
      ],
      [
        churn({ conditions: [{ kind: 'metric_decay', metric: 'auc', threshold: -1 }] }),
        /^alerts\.churn\.conditions\[0\]\.threshold: must be the decay allowed/,
      ],
      [
        churn({ conditions: [{ kind: 'drift', for: 0 }] }),
        /^alerts\.churn\.conditions\[0\]\.for: must be a whole number of at least 1, got 0/,
      ],
      [
        churn({ conditions: [{ kind: 'drift', clear_for: 1.5 }] }),
        /^alerts\.churn\.conditions\[0\]\.clear_for: must be a whole number/,
      ],
      [
        churn({
          conditions: [
            { kind: 'error_rate', threshold: 0.1 },
            { kind: 'error_rate', threshold: 0.3 },
          ],
        }),
        /^alerts\.churn\.conditions\[1\]\.name: 'error_rate' is the name of conditions\[0\] too/,
      ],
      [
        churn({ conditions: [{ kind: 'drift' }], retrain: { command: 'make retrain' } }),
        /^alerts\.churn\.retrain\.command: must be a list of the program and its arguments/,
      ],
      [
        churn({ conditions: [{ kind: 'drift' }], retrain: {} }),
        /^alerts\.churn\.retrain\.command: is required/,
      ],
      [{ alerts: { churn: 'often' } }, /^alerts\.churn: must be a mapping of interval, window/],
      [{ report_url: 'shipyard' }, /^report_url: 'shipyard' is not an http\(s\) URL/],
    ]
    for (const [json, expected] of cases) assert.match(refusal(json), expected, JSON.stringify(json))
  })
})
