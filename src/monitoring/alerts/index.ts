/**
 * Alerts: a monitor schedule inside the server evaluates each model's rules (drift, live-metric
 * decay, error rate, p99 latency) against thresholds with hysteresis; firing and resolved alerts go
 * to a webhook and to the metadata database, and a firing one may start a retraining command whose
 * runs are tagged with the alert.
 */
export { ALERT_RUN_TAG, type AlertEvent } from './alert-dispatcher.js'
export {
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
export {
  AlertScheduler,
  type AlertSchedulerDeps,
  type AlertSchedulerOptions,
} from './alert-scheduler.js'
export {
  ALERT_FIRING,
  ALERT_OK,
  type AlertPhase,
  type AlertState,
  type AlertStatus,
  type StepResult,
  stepAlert,
  type Verdict,
} from './alert-state.js'
export type {
  AlertQuery,
  AlertRecord,
  AlertStore,
  NewAlert,
  RetrainStatus,
  WebhookDelivery,
} from './alert-store.js'
export { type AlertWebhookBody, alertWebhookBody, postWebhook, type WebhookOptions } from './alert-webhook.js'
export { type Observation, observeCondition } from './observe-condition.js'
export { ALERT_RULE_DEFAULTS, parseAlertRules, readAlertRules } from './parse-alert-rules.js'
export { RETRAIN_ENV } from './retrain-command.js'
export { openAlertStore } from './stores/sql-alert-store.js'
