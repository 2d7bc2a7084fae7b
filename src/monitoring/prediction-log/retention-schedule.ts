import type { PredictionLogStore, RetentionPolicy } from './prediction-log.js'
import { checkRetention } from './record-checks.js'

/** How often a server applies the prediction log's retention when none is given: hourly. */
export const RETENTION_INTERVAL_MS = 3_600_000

/** A running retention schedule. */
export interface RetentionSchedule {
  /** Stops the schedule and waits for a pass in progress. */
  stop(): Promise<void>
}

/**
 * Applies `policy` to the log now, then every `intervalMs`, one pass at a time, for as long as the
 * process serves (the timer does not keep it alive). A failed pass is reported to `onError` and the
 * next one runs as planned: retention never stops serving. The policy is checked at once
 * (`INVALID_PARAMETER_VALUE` naming the field).
 */
export function scheduleRetention(
  log: Pick<PredictionLogStore, 'enforceRetention'>,
  policy: RetentionPolicy,
  options: { readonly intervalMs?: number; readonly onError: (error: unknown) => void },
): RetentionSchedule {
  checkRetention(policy)
  let running: Promise<void> | null = null
  const pass = () => {
    running ??= log
      .enforceRetention(policy)
      .then(() => undefined, options.onError)
      .finally(() => {
        running = null
      })
  }
  pass()
  const timer = setInterval(pass, options.intervalMs ?? RETENTION_INTERVAL_MS)
  timer.unref()
  return {
    stop: async () => {
      clearInterval(timer)
      await running
    },
  }
}
