import { notFound } from '../../shared/index.js'
import type { TrackingStore } from '../../tracking/index.js'
import { type MonitorDeps, monitorReport } from '../monitor/index.js'
import { AlertDispatcher, type AlertEvent } from './alert-dispatcher.js'
import type { AlertCondition, AlertRule, AlertRules } from './alert-rules.js'
import { ALERT_FIRING, ALERT_OK, type AlertState, stepAlert } from './alert-state.js'
import type { AlertStore } from './alert-store.js'
import type { WebhookOptions } from './alert-webhook.js'
import { type Observation, observeCondition } from './observe-condition.js'

/** What the scheduler reads and writes. */
export interface AlertSchedulerDeps {
  /** What monitor reports read; its clock (`now`) is the scheduler's too. */
  readonly monitor: MonitorDeps
  readonly store: AlertStore
  /** Where a retraining command's run is found (by its `shipyard.alert_id` tag); absent: not looked up. */
  readonly runs?: Pick<TrackingStore, 'searchRuns'>
}

/** The rules, and where the scheduler reports. */
export interface AlertSchedulerOptions {
  readonly rules: AlertRules
  /** Every failure: an evaluation, a store write, a webhook that did not take an alert. */
  readonly onError: (error: unknown, model: string) => void
  /** Alerts fired and resolved, retraining commands ended. */
  readonly onEvent?: (event: AlertEvent) => void
  readonly webhook?: WebhookOptions
  /** Added to retraining commands' environment, e.g. `SHIPYARD_HOME` so that their runs land in this store. */
  readonly commandEnv?: Readonly<Record<string, string>>
}

/** One condition's state between evaluations, and the id of its alert while it fires. */
interface Tracked {
  state: AlertState
  alertId: string | null
}

/**
 * The monitor schedule inside a server: every `interval` of a model's rule, a monitor report of the
 * last `window`, each condition observed on it and stepped through its state machine (`stepAlert`);
 * a transition is recorded in the store and told to the webhook, and a firing one starts the rule's
 * retraining command (see `AlertDispatcher`).
 *
 * One evaluation of a model runs at a time (a tick that finds one running is skipped); timers do not
 * keep the process alive; nothing is ever thrown into the server: failures go to `onError`, and a
 * transition whose store write failed is tried again at the next evaluation. A model's first
 * evaluation takes up the alerts the store has firing for it, so that a restarted server resolves
 * them. Several servers may run the same rules on one store: the store lets one of them own each
 * transition (see `AlertStore`).
 *
 * @example
 * const scheduler = new AlertScheduler(
 *   { monitor: { registry, log, references }, store: alerts, runs: backend.store },
 *   { rules: readAlertRules('alerts.yaml'), onError: (error) => logger.warn(error) },
 * )
 * scheduler.start()
 * // ... serve ...
 * await scheduler.stop()
 */
export class AlertScheduler {
  readonly #deps: AlertSchedulerDeps
  readonly #options: AlertSchedulerOptions
  readonly #dispatcher: AlertDispatcher
  readonly #rules = new Map<string, AlertRule>()
  /** By model, then condition name. */
  readonly #tracked = new Map<string, Map<string, Tracked>>()
  /** Models whose firing alerts were taken up from the store. */
  readonly #resumed = new Set<string>()
  readonly #running = new Map<string, Promise<void>>()
  readonly #timers: NodeJS.Timeout[] = []
  #stopped = false

  constructor(deps: AlertSchedulerDeps, options: AlertSchedulerOptions) {
    this.#deps = deps
    this.#options = options
    for (const rule of options.rules.rules) {
      this.#rules.set(rule.model, rule)
      this.#tracked.set(
        rule.model,
        new Map(rule.conditions.map((c) => [c.name, { state: ALERT_OK, alertId: null }])),
      )
    }
    this.#dispatcher = new AlertDispatcher({
      store: deps.store,
      ...(deps.runs ? { runs: deps.runs } : {}),
      reportBaseUrl: options.rules.reportBaseUrl,
      webhook: options.webhook ?? {},
      commandEnv: options.commandEnv ?? {},
      onEvent: options.onEvent ?? (() => {}),
      onError: options.onError,
      stopped: () => this.#stopped,
    })
  }

  /** Starts each model's timer; its first evaluation comes one interval from now. */
  start(): void {
    for (const rule of this.#rules.values()) {
      const timer = setInterval(() => void this.evaluate(rule.model), rule.intervalMs)
      timer.unref()
      this.#timers.push(timer)
    }
  }

  /**
   * Evaluates `model` now, as its timer does; when an evaluation of it is running already, waits for
   * that one instead. Resolves when done, whatever happened (failures go to `onError`); rejects only
   * for a model that has no rule (`RESOURCE_DOES_NOT_EXIST`).
   */
  evaluate(model: string): Promise<void> {
    const rule = this.#rules.get(model)
    if (rule === undefined) return Promise.reject(notFound('alert rule', model))
    let running = this.#running.get(model)
    if (running === undefined && !this.#stopped) {
      running = this.#evaluate(rule)
        .catch((error: unknown) => this.#options.onError(error, model))
        .finally(() => this.#running.delete(model))
      this.#running.set(model, running)
    }
    return running ?? Promise.resolve()
  }

  /** Stops the timers and waits for evaluations in progress. Retraining commands keep running. */
  async stop(): Promise<void> {
    this.#stopped = true
    for (const timer of this.#timers) clearInterval(timer)
    await Promise.all(this.#running.values())
  }

  async #evaluate(rule: AlertRule): Promise<void> {
    const tracked = this.#tracked.get(rule.model)!
    if (!this.#resumed.has(rule.model)) {
      for (const alert of await this.#deps.store.list({ model: rule.model, state: 'firing' })) {
        const entry = tracked.get(alert.condition)
        if (entry) Object.assign(entry, { state: ALERT_FIRING, alertId: alert.id })
      }
      this.#resumed.add(rule.model)
    }
    const at = (this.#deps.monitor.now ?? Date.now)()
    const report = await monitorReport(this.#deps.monitor, {
      model: rule.model,
      window: rule.window,
      until: at,
    })
    for (const condition of rule.conditions) {
      try {
        await this.#step(
          rule,
          condition,
          tracked.get(condition.name)!,
          observeCondition(condition, report),
          at,
        )
      } catch (error) {
        this.#options.onError(error, rule.model)
      }
    }
  }

  /** Steps one condition; its new state is kept only once the transition, if any, is recorded. */
  async #step(
    rule: AlertRule,
    condition: AlertCondition,
    entry: Tracked,
    seen: Observation,
    at: number,
  ): Promise<void> {
    const { state, transition } = stepAlert(entry.state, seen.measured ? seen.breached : null, condition)
    // A transition comes of a measured observation only.
    if (transition === 'firing' && seen.measured) {
      entry.alertId = await this.#dispatcher.fire(rule, condition, seen, at)
    } else if (transition === 'resolved' && seen.measured && entry.alertId !== null) {
      await this.#dispatcher.resolve(rule, entry.alertId, seen, at)
      entry.alertId = null
    }
    entry.state = state
  }
}
