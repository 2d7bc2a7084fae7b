import { invalidValue } from '../../shared/index.js'
import {
  CACHE_STATES,
  type FeedbackLabel,
  type LoggedValue,
  type PredictionRecord,
  type RetentionPolicy,
  TRAFFIC_ARMS,
} from './prediction-log.js'

const ARMS: ReadonlySet<string> = new Set(TRAFFIC_ARMS)
const CACHES: ReadonlySet<string> = new Set(CACHE_STATES)

/**
 * Checks a batch before a store writes any of it, so a store never holds a record it cannot read
 * back: `INVALID_PARAMETER_VALUE` naming the record and field (`records[3].time: must be ...`).
 */
export function checkRecords(records: readonly PredictionRecord[]): void {
  records.forEach((r, i) => {
    const fail = (field: string, wanted: string, got: unknown): never => {
      throw invalidValue(
        `records[${i}].${field}`,
        `must be ${wanted}, got ${JSON.stringify(got) ?? String(got)}`,
      )
    }
    if (typeof r.requestId !== 'string' || r.requestId === '')
      fail('requestId', 'a non-empty string', r.requestId)
    if (!Number.isInteger(r.row) || r.row < 0) fail('row', 'a whole number >= 0', r.row)
    if (!Number.isFinite(r.time)) fail('time', 'epoch milliseconds', r.time)
    if (typeof r.model !== 'string' || r.model === '') fail('model', 'a non-empty string', r.model)
    if (r.version !== null && !Number.isInteger(r.version))
      fail('version', 'a whole number or null', r.version)
    if (r.alias !== null && typeof r.alias !== 'string') fail('alias', 'a string or null', r.alias)
    if (!ARMS.has(r.arm)) fail('arm', TRAFFIC_ARMS.join(', '), r.arm)
    if (!Number.isFinite(r.latencyMs)) fail('latencyMs', 'a finite number', r.latencyMs)
    if (!CACHES.has(r.cache)) fail('cache', CACHE_STATES.join(', '), r.cache)
    if (r.errorCode !== null && typeof r.errorCode !== 'string')
      fail('errorCode', 'a string or null', r.errorCode)
    if (r.errorMessage !== null && typeof r.errorMessage !== 'string') {
      fail('errorMessage', 'a string or null', r.errorMessage)
    }
    if (typeof r.inputs !== 'object' || r.inputs === null) fail('inputs', 'an object', r.inputs)
    if (typeof r.outputs !== 'object' || r.outputs === null) fail('outputs', 'an object', r.outputs)
  })
}

/**
 * The values of a logged object that a store keeps: strings, booleans and finite numbers. Null,
 * NaN and ±Infinity (which JSON cannot carry) and anything else are missing, so they are not kept:
 * a key read back absent and a key logged null mean the same.
 */
export function keptValues(
  values: Readonly<Record<string, LoggedValue>>,
): [string, string | number | boolean][] {
  const kept: [string, string | number | boolean][] = []
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value)) {
      kept.push([key, value as string | number | boolean])
    }
  }
  return kept
}

/** A label checked, with its row defaulted: `INVALID_PARAMETER_VALUE` naming `labels[i].<field>`. */
export function checkLabel(label: FeedbackLabel, i: number): FeedbackLabel & { readonly row: number } {
  const fail = (field: string, wanted: string, got: unknown): never => {
    throw invalidValue(
      `labels[${i}].${field}`,
      `must be ${wanted}, got ${JSON.stringify(got) ?? String(got)}`,
    )
  }
  if (typeof label.requestId !== 'string' || label.requestId === '') {
    fail('requestId', 'a non-empty string', label.requestId)
  }
  const row = label.row ?? 0
  if (!Number.isInteger(row) || row < 0) fail('row', 'a whole number >= 0', row)
  const value = label.label
  if (typeof value !== 'string' && typeof value !== 'boolean' && !Number.isFinite(value)) {
    fail('label', 'a string, a boolean or a finite number', value)
  }
  if (!Number.isFinite(label.time)) fail('time', 'epoch milliseconds', label.time)
  return { ...label, row }
}

/** A retention policy checked: each bound, when given, a number >= 0. */
export function checkRetention(policy: RetentionPolicy): RetentionPolicy {
  for (const field of ['maxAgeMs', 'maxBytes'] as const) {
    const value = policy[field]
    if (value !== undefined && !(typeof value === 'number' && value >= 0)) {
      throw invalidValue(field, `must be a number >= 0, got ${String(value)}`)
    }
  }
  return policy
}
