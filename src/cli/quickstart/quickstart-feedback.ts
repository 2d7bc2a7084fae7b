import { writeFile } from 'node:fs/promises'
import type { PostJson } from './quickstart-server.js'
import type { ServedCustomer } from './quickstart-traffic.js'

/** Every this many requests, one label is late: it is not sent now, so label coverage stays below 100%. */
export const LATE_LABEL_EVERY = 5

/** What the feedback step sent and what the server did with it. */
export interface QuickstartFeedback {
  /** Labels sent in one `POST /v1/feedback`: all requests but every fifth. */
  readonly sent: number
  /** The server's answer: labels stored, of which replaced an earlier one, and labels matching no logged row. */
  readonly accepted: number
  readonly replaced: number
  readonly unmatched: number
  /** Labels not sent yet, and the CSV (`request_id,label`) holding them for `shipyard feedback --file`. */
  readonly late: number
  readonly lateLabelsFile: string
}

/**
 * Ground truth arriving after the predictions, as it does in production, and never all of it: sends
 * the true label of most served requests to `POST /v1/feedback` in one batch, and writes the rest
 * to `lateLabelsFile` for the user to send later with `shipyard feedback --file`.
 */
export async function sendFeedback(
  post: PostJson,
  served: readonly ServedCustomer[],
  lateLabelsFile: string,
): Promise<QuickstartFeedback> {
  const isLate = (i: number) => i % LATE_LABEL_EVERY === LATE_LABEL_EVERY - 1
  const labels = served
    .filter((_, i) => !isLate(i))
    .map((s) => ({ request_id: s.requestId, label: s.customer.label }))
  const late = served.filter((_, i) => isLate(i))
  // The server's request ids are UUIDs and the labels numbers: no field needs quoting.
  const csv = ['request_id,label', ...late.map((s) => `${s.requestId},${String(s.customer.label)}`)]
  await writeFile(lateLabelsFile, `${csv.join('\n')}\n`)
  const outcome = await post<FeedbackAnswer>('/v1/feedback', { labels })
  return {
    sent: labels.length,
    accepted: outcome.accepted,
    replaced: outcome.replaced,
    unmatched: outcome.unmatched,
    late: late.length,
    lateLabelsFile,
  }
}

/** `POST /v1/feedback`'s answer (`feedbackOutcomeJson`). */
interface FeedbackAnswer {
  readonly accepted: number
  readonly replaced: number
  readonly unmatched: number
}
