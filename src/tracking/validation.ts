import { invalidValue, ShipyardError } from '../shared/index.js'
import { type LogBatchInput, RUN_STATUSES, type RunStatus } from './types.js'

/** MLflow's length limits, kept so that anything logged to Shipyard can be read by MLflow's tools and back. */
export const LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 5000,
  experimentNameLength: 256,
  runNameLength: 250,
} as const

/** How many entries one `logBatch` may carry. */
export interface BatchLimits {
  readonly metrics: number
  readonly params: number
  readonly tags: number
  /** Metrics, params and tags together. */
  readonly total: number
}

/** MLflow's per-request limits: what both HTTP APIs accept in one batch. */
export const MLFLOW_BATCH_LIMITS: BatchLimits = { metrics: 1000, params: 100, tags: 100, total: 1000 }

/** A metric, param or tag key: non-empty, at most 250 characters, no `..` path segments (MLflow's rule). */
export function validateKey(field: string, key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) throw invalidValue(field, 'must be a non-empty string')
  if (key.length > LIMITS.keyLength) {
    throw invalidValue(
      field,
      `'${key.slice(0, 40)}…' is ${key.length} characters; the limit is ${LIMITS.keyLength}`,
    )
  }
  if (key.split('/').includes('..') || key.startsWith('/')) {
    throw invalidValue(field, `'${key}' must be a relative name without '..' segments`)
  }
  return key
}

function validateText(field: string, value: unknown, limit: number): string {
  if (typeof value !== 'string') throw invalidValue(field, 'must be a string')
  if (value.length > limit) throw invalidValue(field, `is ${value.length} characters; the limit is ${limit}`)
  return value
}

/** An epoch-millisecond time or a step: a safe integer. */
export function validateInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw invalidValue(field, `must be an integer, got ${String(value)}`)
  return value
}

export function validateStatus(field: string, status: unknown): RunStatus {
  if (!RUN_STATUSES.includes(status as RunStatus)) {
    throw invalidValue(field, `'${String(status)}' is not a run status (${RUN_STATUSES.join(', ')})`)
  }
  return status as RunStatus
}

export function validateExperimentName(name: unknown): string {
  const value = validateText('name', name, LIMITS.experimentNameLength)
  if (value.trim() === '') throw invalidValue('name', 'must not be empty')
  return value
}

export function validateRunName(name: unknown): string {
  return validateText('run_name', name, LIMITS.runNameLength)
}

export function validateTagValue(field: string, value: unknown): string {
  return validateText(field, value, LIMITS.tagValueLength)
}

/** Refuses a batch with more entries than `limits` allow, naming the field and the limit. */
export function validateBatchSize(batch: LogBatchInput, limits: BatchLimits): void {
  const metrics = batch.metrics?.length ?? 0
  const params = batch.params?.length ?? 0
  const tags = batch.tags?.length ?? 0
  checkCount('metrics', metrics, limits.metrics)
  checkCount('params', params, limits.params)
  checkCount('tags', tags, limits.tags)
  const total = metrics + params + tags
  if (total > limits.total) {
    throw invalidValue(
      'batch',
      `holds ${total} entries; the limit is ${limits.total} metrics, params and tags in all`,
    )
  }
}

/** Checks a whole batch before anything is written, so a bad entry fails the batch and writes nothing. */
export function validateBatch(batch: LogBatchInput, limits: BatchLimits): void {
  validateBatchSize(batch, limits)
  const metrics = batch.metrics ?? []
  const params = batch.params ?? []
  const tags = batch.tags ?? []
  metrics.forEach((m, i) => {
    validateKey(`metrics[${i}].key`, m.key)
    if (typeof m.value !== 'number')
      throw invalidValue(`metrics[${i}].value`, `must be a number, got ${typeof m.value}`)
    validateInteger(`metrics[${i}].timestamp`, m.timestamp)
    validateInteger(`metrics[${i}].step`, m.step)
  })
  const seen = new Map<string, string>()
  params.forEach((p, i) => {
    validateKey(`params[${i}].key`, p.key)
    validateText(`params[${i}].value`, p.value, LIMITS.paramValueLength)
    const earlier = seen.get(p.key)
    if (earlier !== undefined && earlier !== p.value) {
      throw new ShipyardError(
        'SHIPYARD_PARAM_IMMUTABLE',
        `params[${i}]: param '${p.key}' is given twice with different values`,
        {
          details: { field: `params[${i}]`, key: p.key },
        },
      )
    }
    seen.set(p.key, p.value)
  })
  tags.forEach((t, i) => {
    validateKey(`tags[${i}].key`, t.key)
    validateTagValue(`tags[${i}].value`, t.value)
  })
}

function checkCount(field: string, count: number, limit: number): void {
  if (count > limit) throw invalidValue(field, `holds ${count} entries; the limit per batch is ${limit}`)
}
