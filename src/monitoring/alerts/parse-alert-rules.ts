import { closestMatch, invalidValue, readConfigFile } from '../../shared/index.js'
import { parseWindow } from '../monitor/index.js'
import { parseDuration } from '../prediction-log/index.js'
import {
  ALERT_CONDITION_KINDS,
  type AlertCondition,
  type AlertConditionKind,
  type AlertRule,
  type AlertRules,
  DECAY_METRICS,
  type DecayMetric,
  type Hysteresis,
  type RetrainCommand,
} from './alert-rules.js'
import { countOf, httpUrl, mappingOf, numberIn, required, textOf } from './rule-fields.js'

/** Defaults of what a rule leaves out. */
export const ALERT_RULE_DEFAULTS = {
  interval: '5m',
  window: '1h',
  for: 2,
  clearFor: 2,
  minLabels: 100,
} as const

const FILE_KEYS = ['alerts', 'report_url'] as const
const RULE_KEYS = ['interval', 'window', 'conditions', 'webhook', 'retrain'] as const
const RETRAIN_KEYS = ['command', 'cwd'] as const
const COMMON_KEYS = ['kind', 'name', 'threshold', 'for', 'clear_for'] as const
/** The training metrics' spellings (`valid_roc_auc`) of the live metrics they compare with. */
const METRIC_SPELLINGS: Readonly<Record<string, DecayMetric>> = { roc_auc: 'auc', macro_f1: 'f1' }

type Fields = Partial<Record<string, unknown>>

/** How each kind of condition is read: its keys, and its fields past the common ones. */
const CONDITION_READERS: {
  readonly [K in AlertConditionKind]: {
    readonly keys: readonly string[]
    read(fields: Fields, at: string, base: Hysteresis): Extract<AlertCondition, { kind: K }>
  }
} = {
  drift: {
    keys: COMMON_KEYS,
    read: (fields, at, base) => ({
      ...base,
      kind: 'drift',
      name: nameOf(fields, at, 'drift'),
      threshold:
        fields.threshold === undefined
          ? null
          : numberIn(fields.threshold, `${at}threshold`, (x) => x > 0 && x <= 1, 'a share in (0, 1]'),
    }),
  },
  metric_decay: {
    keys: [...COMMON_KEYS, 'metric', 'min_labels'],
    read: (fields, at, base) => {
      const metric = metricOf(required(fields.metric, `${at}metric`), `${at}metric`)
      return {
        ...base,
        kind: 'metric_decay',
        name: nameOf(fields, at, `${metric}_decay`),
        metric,
        threshold: numberIn(
          required(fields.threshold, `${at}threshold`),
          `${at}threshold`,
          (x) => x >= 0 && Number.isFinite(x),
          'the decay allowed: a finite number of at least 0',
        ),
        minLabels: countOf(fields.min_labels, `${at}min_labels`, ALERT_RULE_DEFAULTS.minLabels),
      }
    },
  },
  error_rate: {
    keys: COMMON_KEYS,
    read: (fields, at, base) => ({
      ...base,
      kind: 'error_rate',
      name: nameOf(fields, at, 'error_rate'),
      threshold: numberIn(
        required(fields.threshold, `${at}threshold`),
        `${at}threshold`,
        (x) => x >= 0 && x <= 1,
        'a share from 0 to 1',
      ),
    }),
  },
  p99_latency_ms: {
    keys: COMMON_KEYS,
    read: (fields, at, base) => ({
      ...base,
      kind: 'p99_latency_ms',
      name: nameOf(fields, at, 'p99_latency_ms'),
      threshold: numberIn(
        required(fields.threshold, `${at}threshold`),
        `${at}threshold`,
        (x) => x > 0 && Number.isFinite(x),
        'a number of milliseconds above 0',
      ),
    }),
  },
}

/**
 * Reads an alerts file (`shipyard serve --alerts alerts.yaml`), YAML or JSON:
 *
 * ```yaml
 * report_url: http://shipyard.internal:5000   # optional: webhooks link to the monitor report there
 * alerts:
 *   churn:
 *     interval: 5m          # default 5m
 *     window: 1h            # default 1h
 *     webhook: https://hooks.example.com/ml
 *     conditions:           # each: for (default 2) breaches in a row fire, clear_for (default 2) clear ones resolve
 *       - { kind: error_rate, threshold: 0.05 }
 *       - { kind: p99_latency_ms, threshold: 250, for: 3, clear_for: 5 }
 *       - { kind: drift, threshold: 0.3 }      # share of drifted features; none: the dataset verdict
 *       - { kind: metric_decay, metric: auc, threshold: 0.05, min_labels: 200 }
 *     retrain: { command: [npx, tsx, retrain.ts], cwd: /srv/churn }
 * ```
 *
 * `RESOURCE_DOES_NOT_EXIST` for a file it cannot read; `INVALID_PARAMETER_VALUE` for bad YAML (naming
 * the line and column) or a bad setting, naming the file and the field
 * (`alerts.churn.conditions[1].threshold`).
 */
export function readAlertRules(path: string): AlertRules {
  return readConfigFile(path, 'the alerts file', parseAlertRules)
}

/** The rules a file's parsed content describes; `readAlertRules` without the file. */
export function parseAlertRules(json: unknown): AlertRules {
  const file = mappingOf(json ?? {}, '', FILE_KEYS)
  const models = mappingOf(file.alerts ?? {}, 'alerts.')
  return {
    rules: Object.entries(models).map(([model, rule]) => ruleOf(model, rule, `alerts.${model}.`)),
    reportBaseUrl:
      file.report_url === undefined ? null : httpUrl(file.report_url, 'report_url').replace(/\/+$/, ''),
  }
}

function ruleOf(model: string, json: unknown, at: string): AlertRule {
  const rule = mappingOf(json, at, RULE_KEYS)
  const interval =
    rule.interval === undefined ? ALERT_RULE_DEFAULTS.interval : textOf(rule.interval, `${at}interval`)
  const window = rule.window === undefined ? ALERT_RULE_DEFAULTS.window : textOf(rule.window, `${at}window`)
  parseWindow(window, `${at}window`)
  if (!Array.isArray(rule.conditions) || rule.conditions.length === 0) {
    throw invalidValue(
      `${at}conditions`,
      'must be a list of at least one condition, e.g. [{kind: error_rate, threshold: 0.05}]',
    )
  }
  const conditions = rule.conditions.map((c, i) => conditionOf(c, `${at}conditions[${i}].`))
  conditions.forEach((condition, i) => {
    const first = conditions.findIndex((c) => c.name === condition.name)
    if (first < i) {
      throw invalidValue(
        `${at}conditions[${i}].name`,
        `'${condition.name}' is the name of conditions[${first}] too; give each condition of a model its own name`,
      )
    }
  })
  return {
    model,
    intervalMs: parseDuration(interval, `${at}interval`),
    window,
    conditions,
    webhook: rule.webhook == null ? null : httpUrl(rule.webhook, `${at}webhook`),
    retrain: rule.retrain == null ? null : retrainOf(rule.retrain, `${at}retrain.`),
  }
}

function conditionOf(json: unknown, at: string): AlertCondition {
  const { kind } = mappingOf(json, at) as { kind?: unknown }
  if (!ALERT_CONDITION_KINDS.includes(kind as AlertConditionKind)) {
    const guess = typeof kind === 'string' ? closestMatch(kind, ALERT_CONDITION_KINDS) : undefined
    const what =
      kind === undefined
        ? 'is required'
        : `${JSON.stringify(kind)} is not a condition${guess ? ` (did you mean '${guess}'?)` : ''}`
    throw invalidValue(`${at}kind`, `${what}; the kinds are ${ALERT_CONDITION_KINDS.join(', ')}`)
  }
  const reader = CONDITION_READERS[kind as AlertConditionKind]
  const fields = mappingOf(json, at, reader.keys)
  return reader.read(fields, at, {
    fireAfter: countOf(fields.for, `${at}for`, ALERT_RULE_DEFAULTS.for),
    resolveAfter: countOf(fields.clear_for, `${at}clear_for`, ALERT_RULE_DEFAULTS.clearFor),
  })
}

function nameOf(fields: Fields, at: string, fallback: string): string {
  return fields.name === undefined ? fallback : textOf(fields.name, `${at}name`)
}

function metricOf(value: unknown, field: string): DecayMetric {
  const names = Object.keys(DECAY_METRICS)
  const text = textOf(value, field)
  const metric = METRIC_SPELLINGS[text] ?? text
  if (names.includes(metric)) return metric as DecayMetric
  const guess = closestMatch(text, [...names, ...Object.keys(METRIC_SPELLINGS)])
  throw invalidValue(
    field,
    `'${text}' is not a live metric${guess ? ` (did you mean '${guess}'?)` : ''}; the metrics are ${names.join(', ')}`,
  )
}

function retrainOf(json: unknown, at: string): RetrainCommand {
  const retrain = mappingOf(json, at, RETRAIN_KEYS)
  const command = required(retrain.command, `${at}command`)
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    !command.every((part) => typeof part === 'string' && part !== '')
  ) {
    throw invalidValue(
      `${at}command`,
      'must be a list of the program and its arguments, run without a shell, e.g. [npx, tsx, retrain.ts]',
    )
  }
  return { command, cwd: retrain.cwd === undefined ? null : textOf(retrain.cwd, `${at}cwd`) }
}
