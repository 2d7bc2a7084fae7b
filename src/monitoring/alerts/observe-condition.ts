import type { MonitorReport, VersionMonitor } from '../monitor/index.js'
import { type AlertCondition, type AlertConditionKind, DECAY_METRICS } from './alert-rules.js'

/**
 * What one evaluation of a condition saw in a monitor report: a value against its threshold, and
 * whether it breached it; or no data to judge by, and why.
 */
export type Observation =
  | {
      readonly measured: true
      readonly breached: boolean
      readonly value: number
      /** The bound `value` was compared with (for `metric_decay`: training ∓ the decay allowed). */
      readonly threshold: number
      /** The version the value is of; null for the model's traffic as a whole. */
      readonly version: number | null
    }
  | { readonly measured: false; readonly reason: string }

type Observer<K extends AlertConditionKind> = (
  condition: Extract<AlertCondition, { kind: K }>,
  report: MonitorReport,
) => Observation

const OBSERVERS: { readonly [K in AlertConditionKind]: Observer<K> } = {
  error_rate: (condition, report) =>
    modelTraffic(report.traffic.errorRate, condition.threshold, 'no requests in the window'),
  p99_latency_ms: (condition, report) =>
    modelTraffic(report.traffic.latencyMs.p99, condition.threshold, 'no requests in the window'),
  drift: (condition, report) =>
    worstVersion(report, (v) => {
      if (!v.drift.available) return { measured: false, reason: v.drift.reason }
      const { share, drifted, driftShare } = v.drift.report
      const threshold = condition.threshold ?? driftShare
      return {
        measured: true,
        breached: condition.threshold === null ? drifted : share >= threshold,
        value: share,
        threshold,
        version: v.version,
      }
    }),
  metric_decay: (condition, report) =>
    worstVersion(report, (v) => {
      const { metric, minLabels } = condition
      const live = v.quality?.live
      const scored = live?.scoredRows ?? 0
      if (scored < minLabels) {
        return {
          measured: false,
          reason: `version ${v.version} has ${scored} scored labels in the window, fewer than min_labels ${minLabels}`,
        }
      }
      const value = (live?.metrics as Readonly<Record<string, number | null>> | null)?.[metric] ?? null
      const trained = v.quality?.training.metrics[metric] ?? null
      if (value === null || trained === null) {
        return {
          measured: false,
          reason: `version ${v.version} has no ${value === null ? 'live' : 'training'} ${metric}`,
        }
      }
      const sign = DECAY_METRICS[metric] === 'higher' ? -1 : 1
      const threshold = trained + sign * condition.threshold
      return {
        measured: true,
        breached: sign * (value - threshold) > 0,
        value,
        threshold,
        version: v.version,
      }
    }),
}

/**
 * Checks one condition against a monitor report. `error_rate` and `p99_latency_ms` read the model's
 * traffic (what clients got, whichever version answered); `drift` and `metric_decay` read each version
 * that answered in the window and report the worst one: breached before clear, then the furthest past
 * (or nearest to) its threshold. Unmeasured when no request came (traffic), or no version has a drift
 * reference and successful predictions (`drift`), or enough scored labels and both metrics (`metric_decay`).
 * Pure.
 */
export function observeCondition(condition: AlertCondition, report: MonitorReport): Observation {
  return (OBSERVERS[condition.kind] as Observer<AlertConditionKind>)(condition, report)
}

function modelTraffic(value: number | null, threshold: number, reason: string): Observation {
  return value === null
    ? { measured: false, reason }
    : { measured: true, breached: value > threshold, value, threshold, version: null }
}

/** The observation of the version that is worst off; the first version's reason when none was measured. */
function worstVersion(report: MonitorReport, observe: (v: VersionMonitor) => Observation): Observation {
  let worst: Observation | null = null
  let firstReason: string | null = null
  for (const version of report.versions) {
    const seen = observe(version)
    if (!seen.measured) firstReason ??= seen.reason
    else if (worst === null || !worst.measured || badness(seen) > badness(worst)) worst = seen
  }
  return worst ?? { measured: false, reason: firstReason ?? 'no version answered requests in the window' }
}

// A breach is worse than any clear value; then the further past its threshold, or the nearer to it.
function badness(seen: Extract<Observation, { measured: true }>): number {
  const distance = Math.abs(seen.value - seen.threshold)
  return seen.breached ? 1 + distance : -distance
}
