import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FeedbackLabel } from '../prediction-log/index.js'
import { appendFeedbackInBatches } from './append-feedback.js'
import { MAX_FEEDBACK_LABELS } from './feedback-labels.js'

describe('appendFeedbackInBatches', () => {
  it('stores at most a request’s worth at a time, in order, and adds the outcomes up', async () => {
    const labels: FeedbackLabel[] = Array.from({ length: 2 * MAX_FEEDBACK_LABELS + 5 }, (_, i) => ({
      requestId: `r${i}`,
      label: 1,
      time: 0,
    }))
    const batches: string[] = []
    const outcome = await appendFeedbackInBatches(
      {
        appendFeedback: async (batch) => {
          batches.push(`${batch[0]!.requestId}+${batch.length}`)
          const unmatchedIds = batch.length === 5 ? ['x', 'y'] : ['x']
          return { accepted: batch.length - 2, replaced: 1, unmatched: 2, unmatchedIds }
        },
      },
      labels,
    )
    assert.deepEqual(batches, ['r0+10000', 'r10000+10000', 'r20000+5'])
    assert.deepEqual(outcome, { accepted: 19_999, replaced: 3, unmatched: 6, unmatchedIds: ['x', 'y'] })
    assert.deepEqual(await appendFeedbackInBatches({ appendFeedback: async () => assert.fail() }, []), {
      accepted: 0,
      replaced: 0,
      unmatched: 0,
      unmatchedIds: [],
    })
  })
})
