import type { AlertConditionKind } from './alert-rules.js'
import type { AlertStatus } from './alert-state.js'

/** How one webhook call went (after its retry, if it needed one). */
export interface WebhookDelivery {
  /** Whether the receiver answered 2xx. */
  readonly delivered: boolean
  readonly attempts: number
  /** The last answer's HTTP status; null when none came (refused, timed out). */
  readonly status: number | null
  /** Why it was not delivered; null when it was. */
  readonly error: string | null
  /** When the last attempt ended, epoch ms. */
  readonly at: number
}

/** A retraining command an alert started, and how it ended. */
export interface RetrainStatus {
  readonly command: readonly string[]
  readonly cwd: string | null
  /** `running` until it exits; `succeeded` on exit code 0; `failed` otherwise or when it could not start. */
  readonly state: 'running' | 'succeeded' | 'failed'
  readonly pid: number | null
  readonly exitCode: number | null
  /** Why it failed, when not by its exit code alone (`spawn npx ENOENT`, `killed by SIGTERM`). */
  readonly error: string | null
  /** The first run it logged (tagged with the alert's id); null until it has exited, or when it logged none. */
  readonly runId: string | null
  readonly startedAt: number
  readonly endedAt: number | null
}

/** One alert: a condition of a model that fired, and perhaps resolved since. Immutable. */
export interface AlertRecord {
  readonly id: string
  readonly model: string
  /** The version the value was observed on; null for a condition on the model's traffic. */
  readonly version: number | null
  /** The condition's name in the rules (`error_rate`, `auc_decay`...). */
  readonly condition: string
  readonly kind: AlertConditionKind
  readonly state: AlertStatus
  /** The value that fired it, and the bound it passed. */
  readonly value: number
  readonly threshold: number
  /** Epoch ms. */
  readonly firedAt: number
  readonly resolvedAt: number | null
  /** The value when it resolved. */
  readonly resolvedValue: number | null
  /** The webhook calls of each transition; null when there was no webhook (or it is still being called). */
  readonly webhook: { readonly firing: WebhookDelivery | null; readonly resolved: WebhookDelivery | null }
  readonly retrain: RetrainStatus | null
}

/** What firing an alert records. */
export type NewAlert = Pick<
  AlertRecord,
  'model' | 'version' | 'condition' | 'kind' | 'value' | 'threshold' | 'firedAt'
>

/** Which alerts `list` returns: all by default, newest first. */
export interface AlertQuery {
  readonly model?: string
  readonly state?: AlertStatus
  /** Most alerts returned; default: all. */
  readonly limit?: number
}

/**
 * Where alerts are kept: the `model_alerts` table of the metadata database.
 *
 * Contract:
 * - At most one alert per model and condition is firing, across every process sharing the store:
 *   `fire` for a condition already firing stores nothing and returns that alert with `created: false`;
 *   `resolve` resolves an alert once, and returns null to every later call. Whoever gets `created:
 *   true`, or a record from `resolve`, owns the transition and tells the world (webhook, retraining):
 *   that is what keeps it to once per transition when several servers evaluate the same rules.
 * - Safe to use concurrently from one or several processes.
 * - `list` returns alerts newest first (`firedAt` descending, then `id`).
 * - Returned records are fresh objects. `recordWebhook` and `recordRetrain` of an unknown id throw
 *   `RESOURCE_DOES_NOT_EXIST`; a limit that is not a whole number of at least 1, `INVALID_PARAMETER_VALUE`.
 */
export interface AlertStore {
  fire(alert: NewAlert): Promise<{ readonly alert: AlertRecord; readonly created: boolean }>
  resolve(
    id: string,
    resolution: { readonly resolvedAt: number; readonly value: number },
  ): Promise<AlertRecord | null>
  recordWebhook(id: string, transition: AlertStatus, delivery: WebhookDelivery): Promise<AlertRecord>
  recordRetrain(id: string, retrain: RetrainStatus): Promise<AlertRecord>
  list(query?: AlertQuery): Promise<AlertRecord[]>
  /** Releases connections. The store must not be used afterwards. */
  close(): Promise<void>
}
