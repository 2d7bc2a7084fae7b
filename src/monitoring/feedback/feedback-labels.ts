import { closestMatch, invalidValue } from '../../shared/index.js'
import type { FeedbackLabel, FeedbackOutcome } from '../prediction-log/index.js'

/** Most labels one feedback request carries. */
export const MAX_FEEDBACK_LABELS = 10_000

/** The fields of one label as clients send it: `{request_id, label[, row]}`. */
export const FEEDBACK_FIELDS = ['request_id', 'label', 'row'] as const

/** Reports a bad field of one label; the caller says where the label was (`labels[3]`, `line 7`). */
export type FieldFailure = (field: string, message: string) => never

/**
 * One label as clients send it, checked: `request_id` a non-empty string, `label` a non-empty
 * string, a boolean or a finite number, `row` (default 0) a whole number >= 0, and no other field
 * (a near miss such as `requestId` is named). `time` is when it arrived.
 */
export function checkFeedbackItem(item: unknown, time: number, fail: FieldFailure): FeedbackLabel {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    fail('', `must be an object {request_id, label[, row]}, got ${describeValue(item)}`)
  }
  const fields = item as Record<string, unknown>
  for (const key of Object.keys(fields)) {
    if ((FEEDBACK_FIELDS as readonly string[]).includes(key)) continue
    const near = closestMatch(key, FEEDBACK_FIELDS)
    fail(
      key,
      `is not a label field${near ? `; did you mean '${near}'?` : ''} (fields: ${FEEDBACK_FIELDS.join(', ')})`,
    )
  }
  const { request_id: requestId, label, row = 0 } = fields
  if (typeof requestId !== 'string' || requestId === '') {
    fail('request_id', `must be the request's id (a non-empty string), got ${describeValue(requestId)}`)
  }
  const usable =
    (typeof label === 'string' && label !== '') ||
    typeof label === 'boolean' ||
    (typeof label === 'number' && Number.isFinite(label))
  if (!usable)
    fail(
      'label',
      `must be a class or a value (a non-empty string, a boolean or a finite number), got ${describeValue(label)}`,
    )
  if (!(typeof row === 'number' && Number.isSafeInteger(row) && row >= 0)) {
    fail('row', `must be the request's row, a whole number >= 0, got ${describeValue(row)}`)
  }
  return { requestId: requestId as string, row: row as number, label: label as FeedbackLabel['label'], time }
}

/**
 * The labels of a `POST /v1/feedback` body: one label `{request_id, label[, row]}` or a batch
 * `{labels: [...]}` of 1 to `MAX_FEEDBACK_LABELS`. Throws `INVALID_PARAMETER_VALUE` naming the
 * field, with the index in a batch (`labels[3].label`); nothing of a refused body is kept.
 *
 * @example parseFeedbackBody({ labels: [{ request_id: 'r1', label: 'yes' }] }, Date.now())
 */
export function parseFeedbackBody(body: unknown, time: number): FeedbackLabel[] {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'labels' in body) {
    const { labels, ...rest } = body as { labels: unknown }
    const extra = Object.keys(rest)[0]
    if (extra !== undefined) throw invalidValue(extra, 'a batch has only `labels`')
    if (!Array.isArray(labels) || labels.length === 0 || labels.length > MAX_FEEDBACK_LABELS) {
      throw invalidValue(
        'labels',
        `must be an array of 1 to ${MAX_FEEDBACK_LABELS} labels, got ${describeValue(labels)}`,
      )
    }
    return labels.map((item, i) =>
      checkFeedbackItem(item, time, (field, message) => {
        throw invalidValue(field === '' ? `labels[${i}]` : `labels[${i}].${field}`, message)
      }),
    )
  }
  return [
    checkFeedbackItem(body, time, (field, message) => {
      throw invalidValue(field === '' ? 'body' : field, message)
    }),
  ]
}

/** An outcome as the feedback endpoint and `shipyard feedback --json` write it. */
export function feedbackOutcomeJson(outcome: FeedbackOutcome): {
  accepted: number
  replaced: number
  unmatched: number
  unmatched_ids: readonly string[]
} {
  return {
    accepted: outcome.accepted,
    replaced: outcome.replaced,
    unmatched: outcome.unmatched,
    unmatched_ids: outcome.unmatchedIds,
  }
}

/** A value in a message: JSON where it can be, so that `"3"` and `3` read differently. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return `an array of ${value.length}`
  return JSON.stringify(value) ?? String(value)
}
