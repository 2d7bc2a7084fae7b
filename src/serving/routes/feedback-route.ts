import type { FastifyInstance } from 'fastify'
import type { PredictionLogStore, PredictionLogWriter } from '../../monitoring/index.js'
import { feedbackOutcomeJson, parseFeedbackBody } from '../../monitoring/index.js'
import { readBodiesAsJson } from './json-body.js'

/** What the feedback route stores labels through. */
export interface FeedbackRouteDeps {
  readonly log: Pick<PredictionLogStore, 'appendFeedback'>
  /**
   * The server's prediction log writer, flushed before labels are stored: a label for a request
   * answered a moment ago then finds its record, instead of counting as unmatched.
   */
  readonly writer?: Pick<PredictionLogWriter, 'flush'>
  /** When a label arrived, epoch ms; default `Date.now`. */
  readonly now?: () => number
}

/**
 * `POST /v1/feedback`: ground truth for logged predictions, perhaps long after them. The body is one
 * label `{request_id, label[, row]}` (row default 0) or a batch `{labels: [...]}` of up to 10,000; it
 * is read as JSON whatever its Content-Type. Every label is checked before any is stored (400
 * `INVALID_PARAMETER_VALUE` naming the field, `labels[3].label` in a batch), then all are stored at
 * once (after the records still queued in `writer`), stamped with the time they arrived: a later
 * label for the same row replaces an earlier one.
 * Answers `{accepted, replaced, unmatched, unmatched_ids}`: labels naming no logged row are not
 * stored, only counted, with the first few request ids.
 *
 * @example await app.register(feedbackRoute({ log }))
 */
export function feedbackRoute(deps: FeedbackRouteDeps) {
  const now = deps.now ?? Date.now
  return async (scope: FastifyInstance) => {
    readBodiesAsJson(scope)
    scope.post('/v1/feedback', { config: { endpoint: 'feedback' } }, async (request) => {
      const labels = parseFeedbackBody(request.body, now())
      await deps.writer?.flush()
      return feedbackOutcomeJson(await deps.log.appendFeedback(labels))
    })
  }
}
