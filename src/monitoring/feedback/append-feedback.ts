import type { FeedbackLabel, FeedbackOutcome, PredictionLogStore } from '../prediction-log/index.js'
import { MAX_FEEDBACK_LABELS } from './feedback-labels.js'

/**
 * Stores labels `MAX_FEEDBACK_LABELS` at a time, in order, and adds up the outcomes: a label
 * replacing one from an earlier batch counts as replaced, as it would in one batch. The unmatched
 * ids listed are the first batches' (at most as many as one outcome lists). Batches already stored
 * stay stored when a later one fails.
 */
export async function appendFeedbackInBatches(
  log: Pick<PredictionLogStore, 'appendFeedback'>,
  labels: readonly FeedbackLabel[],
): Promise<FeedbackOutcome> {
  let total: FeedbackOutcome = { accepted: 0, replaced: 0, unmatched: 0, unmatchedIds: [] }
  for (let start = 0; start < labels.length; start += MAX_FEEDBACK_LABELS) {
    const outcome = await log.appendFeedback(labels.slice(start, start + MAX_FEEDBACK_LABELS))
    const shown = Math.max(total.unmatchedIds.length, outcome.unmatchedIds.length)
    total = {
      accepted: total.accepted + outcome.accepted,
      replaced: total.replaced + outcome.replaced,
      unmatched: total.unmatched + outcome.unmatched,
      unmatchedIds: [...new Set([...total.unmatchedIds, ...outcome.unmatchedIds])].slice(0, shown),
    }
  }
  return total
}
