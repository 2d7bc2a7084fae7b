import type { FeedbackLabel, FeedbackOutcome } from './prediction-log.js'

/** Request ids an outcome lists of the labels that matched no logged row. */
const UNMATCHED_IDS_SHOWN = 5

/**
 * Sorts a batch of checked labels, in arrival order, into those stored and the outcome, given which
 * (request, row) keys are logged and which have a label already: the one rule both stores follow.
 */
export function sortLabels<L extends FeedbackLabel & { readonly row: number }>(
  labels: readonly L[],
  isLogged: (key: string) => boolean,
  hasLabel: ReadonlySet<string>,
): { accepted: L[]; outcome: FeedbackOutcome } {
  const labelled = new Set(hasLabel)
  const accepted: L[] = []
  const unmatchedIds: string[] = []
  let unmatched = 0
  let replaced = 0
  for (const label of labels) {
    const key = labelKey(label.requestId, label.row)
    if (!isLogged(key)) {
      unmatched++
      if (unmatchedIds.length < UNMATCHED_IDS_SHOWN && !unmatchedIds.includes(label.requestId)) {
        unmatchedIds.push(label.requestId)
      }
      continue
    }
    if (labelled.has(key)) replaced++
    labelled.add(key)
    accepted.push(label)
  }
  return { accepted, outcome: { accepted: accepted.length, replaced, unmatched, unmatchedIds } }
}

/** The key of a logged row, for sets of them. */
export function labelKey(requestId: string, row: number): string {
  return `${row}\u0000${requestId}`
}
