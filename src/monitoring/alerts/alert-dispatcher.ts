import { ShipyardError } from '../../shared/index.js'
import type { TrackingStore } from '../../tracking/index.js'
import type { AlertCondition, AlertRule } from './alert-rules.js'
import type { AlertStatus } from './alert-state.js'
import type { AlertRecord, AlertStore, RetrainStatus } from './alert-store.js'
import { alertWebhookBody, postWebhook, type WebhookOptions } from './alert-webhook.js'
import type { Observation } from './observe-condition.js'
import { RETRAIN_ENV, startRetrain } from './retrain-command.js'

/**
 * The tag the SDK puts on every run a retraining command starts (`SYSTEM_TAGS.alertId` in src/sdk,
 * which cannot be imported from here: the SDK loads the monitoring context, not the reverse).
 */
export const ALERT_RUN_TAG = 'shipyard.alert_id'

/** Something that happened to an alert, for the server's log (and tests). */
export type AlertEvent =
  | { readonly kind: 'fired'; readonly alert: AlertRecord }
  | { readonly kind: 'resolved'; readonly alert: AlertRecord }
  | { readonly kind: 'retrain_ended'; readonly alert: AlertRecord }

/** A measured observation: what fires and resolves alerts. */
export type Measured = Extract<Observation, { measured: true }>

/** What the dispatcher tells, and where. */
export interface AlertDispatcherOptions {
  readonly store: AlertStore
  /** Where retraining runs are looked up by their alert tag; absent: their run ids are not recorded. */
  readonly runs?: Pick<TrackingStore, 'searchRuns'>
  /** See `AlertRules.reportBaseUrl`. */
  readonly reportBaseUrl: string | null
  readonly webhook: WebhookOptions
  /** Added to a retraining command's environment (where the store is: `SHIPYARD_HOME`...). */
  readonly commandEnv: Readonly<Record<string, string>>
  readonly onEvent: (event: AlertEvent) => void
  readonly onError: (error: unknown, model: string) => void
  /** True once the scheduler stopped: a command ending later is not recorded (the store may be closed). */
  readonly stopped: () => boolean
}

/**
 * Carries out transitions: records them in the store and, when the store says this process owns the
 * transition, calls the webhook (firing and resolved) and starts the retraining command (firing).
 * A webhook that fails is recorded and reported to `onError`, never thrown; a store that fails is
 * thrown, so that the caller can try the transition again at the next evaluation.
 */
export class AlertDispatcher {
  readonly #options: AlertDispatcherOptions

  constructor(options: AlertDispatcherOptions) {
    this.#options = options
  }

  /** Fires `condition` of `rule`; returns the firing alert's id (this process's, or the one already firing). */
  async fire(rule: AlertRule, condition: AlertCondition, seen: Measured, at: number): Promise<string> {
    const { alert, created } = await this.#options.store.fire({
      model: rule.model,
      version: seen.version,
      condition: condition.name,
      kind: condition.kind,
      value: seen.value,
      threshold: seen.threshold,
      firedAt: at,
    })
    if (!created) return alert.id
    this.#options.onEvent({ kind: 'fired', alert })
    if (rule.retrain !== null) this.#retrain(rule, alert)
    await this.#notify(rule, alert, 'firing')
    return alert.id
  }

  /** Resolves alert `id` of `rule`; nothing more when it was resolved already (by another process). */
  async resolve(rule: AlertRule, id: string, seen: Measured, at: number): Promise<void> {
    const alert = await this.#options.store.resolve(id, { resolvedAt: at, value: seen.value })
    if (alert === null) return
    this.#options.onEvent({ kind: 'resolved', alert })
    await this.#notify(rule, alert, 'resolved')
  }

  async #notify(rule: AlertRule, alert: AlertRecord, transition: AlertStatus): Promise<void> {
    if (rule.webhook === null) return
    const base = this.#options.reportBaseUrl
    const reportUrl =
      base === null
        ? null
        : `${base}/api/v1/models/${encodeURIComponent(rule.model)}/monitor?window=${encodeURIComponent(rule.window)}`
    const delivery = await postWebhook(
      rule.webhook,
      alertWebhookBody(alert, reportUrl),
      this.#options.webhook,
    )
    await this.#options.store.recordWebhook(alert.id, transition, delivery)
    if (!delivery.delivered) {
      const message = `the webhook ${rule.webhook} did not take alert ${alert.id} (${alert.condition} ${transition}) after ${delivery.attempts} attempts: ${delivery.error}`
      this.#options.onError(
        new ShipyardError('SHIPYARD_REMOTE_UNREACHABLE', message, { details: { alert: alert.id } }),
        rule.model,
      )
    }
  }

  /** Starts the command and records it; its end is recorded when it comes, without anyone waiting. */
  #retrain(rule: AlertRule, alert: AlertRecord): void {
    const { store, runs, onEvent, onError, stopped } = this.#options
    const retrain = rule.retrain!
    const env = {
      ...this.#options.commandEnv,
      [RETRAIN_ENV.alertId]: alert.id,
      [RETRAIN_ENV.model]: alert.model,
      [RETRAIN_ENV.condition]: alert.condition,
    }
    const started = startRetrain(retrain, env)
    const running: RetrainStatus = {
      command: retrain.command,
      cwd: retrain.cwd,
      state: 'running',
      pid: started.pid,
      exitCode: null,
      error: null,
      runId: null,
      startedAt: Date.now(),
      endedAt: null,
    }
    const recorded = store.recordRetrain(alert.id, running)
    const ended = async () => {
      await recorded
      const exit = await started.exited
      if (stopped()) return
      const runId = runs ? await firstRunOf(runs, alert.id) : null
      const status: RetrainStatus = {
        ...running,
        state: exit.exitCode === 0 ? 'succeeded' : 'failed',
        exitCode: exit.exitCode,
        error: exit.error,
        runId,
        endedAt: Date.now(),
      }
      onEvent({ kind: 'retrain_ended', alert: await store.recordRetrain(alert.id, status) })
    }
    ended().catch((error: unknown) => onError(error, rule.model))
  }
}

/** The first run (by start time) tagged with the alert: the retraining's own, or its parent when it nested runs. */
async function firstRunOf(runs: Pick<TrackingStore, 'searchRuns'>, alertId: string): Promise<string | null> {
  const page = await runs.searchRuns({
    filter: `tags.\`${ALERT_RUN_TAG}\` = '${alertId}'`,
    orderBy: ['attributes.start_time ASC'],
    maxResults: 1,
  })
  return page.items[0]?.info.runId ?? null
}
