/**
 * Feedback: ground-truth labels for logged predictions as clients send them (`POST /v1/feedback`
 * bodies, CSV and JSON-lines files), checked with errors naming the item or line and field, then
 * stored through the prediction log's `appendFeedback`.
 */
export { appendFeedbackInBatches } from './append-feedback.js'
export {
  type FeedbackFileOptions,
  type FeedbackFormat,
  feedbackFormatOf,
  parseFeedbackFile,
} from './feedback-files.js'
export { feedbackOutcomeJson, MAX_FEEDBACK_LABELS, parseFeedbackBody } from './feedback-labels.js'
