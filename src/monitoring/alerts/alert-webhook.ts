import { setTimeout as sleep } from 'node:timers/promises'
import type { AlertStatus } from './alert-state.js'
import type { AlertRecord, WebhookDelivery } from './alert-store.js'

/**
 * What a webhook receives for each transition of an alert, as a JSON POST. Times are epoch ms, as
 * everywhere in Shipyard's JSON; `value` is the value that fired it, or that resolved it.
 * `alert_id` with `state` identifies the transition: a receiver that also gets the retry of a call it
 * did answer (a reply lost to the timeout) can drop the second.
 */
export interface AlertWebhookBody {
  readonly alert_id: string
  readonly model: string
  readonly version: number | null
  readonly condition: string
  readonly kind: AlertRecord['kind']
  readonly state: AlertStatus
  readonly value: number
  readonly threshold: number
  readonly fired_at: number
  readonly resolved_at: number | null
  /** The monitor report of the model over the rule's window, when the rules name a server. */
  readonly report_url?: string
}

/** How webhooks are called. */
export interface WebhookOptions {
  /** How long one attempt may take, ms; default 5000. */
  readonly timeoutMs?: number
  /** The wait before the one retry, ms; default 1000. */
  readonly retryDelayMs?: number
}

/** The body of `alert`'s latest transition: resolved once it has resolved, else firing. */
export function alertWebhookBody(alert: AlertRecord, reportUrl: string | null): AlertWebhookBody {
  const body: AlertWebhookBody = {
    alert_id: alert.id,
    model: alert.model,
    version: alert.version,
    condition: alert.condition,
    kind: alert.kind,
    state: alert.state,
    value: alert.state === 'resolved' ? (alert.resolvedValue ?? alert.value) : alert.value,
    threshold: alert.threshold,
    fired_at: alert.firedAt,
    resolved_at: alert.resolvedAt,
  }
  return reportUrl === null ? body : { ...body, report_url: reportUrl }
}

/**
 * POSTs `body` as JSON to `url`: delivered on a 2xx answer; on anything else (another status, a
 * refused connection, no answer within the timeout) tried once more after a short wait. Never throws:
 * the outcome says how it went, for the store.
 */
export async function postWebhook(
  url: string,
  body: AlertWebhookBody,
  options: WebhookOptions = {},
): Promise<WebhookDelivery> {
  const timeoutMs = options.timeoutMs ?? 5000
  let outcome = await attempt(url, body, timeoutMs)
  if (outcome.delivered) return { ...outcome, attempts: 1, at: Date.now() }
  await sleep(options.retryDelayMs ?? 1000)
  outcome = await attempt(url, body, timeoutMs)
  return { ...outcome, attempts: 2, at: Date.now() }
}

async function attempt(
  url: string,
  body: AlertWebhookBody,
  timeoutMs: number,
): Promise<Pick<WebhookDelivery, 'delivered' | 'status' | 'error'>> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'shipyard-alerts' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    })
    // The answer's body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined)
    return response.ok
      ? { delivered: true, status: response.status, error: null }
      : { delivered: false, status: response.status, error: `HTTP ${response.status}` }
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    return {
      delivered: false,
      status: null,
      error: timedOut ? `no answer within ${timeoutMs} ms` : causeOf(error),
    }
  }
}

// fetch reports a refused connection as "fetch failed", with the reason in `cause`.
function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e))
  return cause === undefined ? message(error) : `${message(error)}: ${message(cause)}`
}
