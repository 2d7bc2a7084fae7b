import type { OutputExplanationJson } from '../../explain/index.js'
import type { V1ExplainResponse } from '../../serving/index.js'
import type { PostJson } from './quickstart-server.js'
import type { ServedCustomer } from './quickstart-traffic.js'

/** One served request explained: `baseValue + Σ contributions = rawScore`, in log-odds of churn. */
export interface QuickstartExplanation {
  /** The logged request whose row was explained (`shipyard explain <id>` gives the same numbers). */
  readonly requestId: string
  readonly instance: ServedCustomer['customer']['instance']
  /** The probability the server answered it with: the sigmoid of `rawScore`. */
  readonly probability: number
  readonly modelVersion: string
  readonly space: V1ExplainResponse['space']
  readonly baseValue: number
  readonly rawScore: number
  /** Each raw input column's contribution, largest |contribution| first. */
  readonly contributions: Readonly<Record<string, number>>
}

/**
 * Explains the request the model was surest would churn: sends its row to `path`
 * (`/v1/models/churn:explain`) as a client would and keeps the answer's contributions per raw
 * column, ranked. The first such request wins a tie, so the choice is the same on every run.
 */
export async function explainRiskiest(
  post: PostJson,
  path: string,
  served: readonly ServedCustomer[],
): Promise<QuickstartExplanation> {
  const riskiest = served.reduce((a, b) => (b.probability > a.probability ? b : a))
  const answer = await post<V1ExplainResponse>(path, { instances: [riskiest.customer.instance] })
  // A binary model explains one output per row.
  const row = answer.explanations[0] as OutputExplanationJson
  const ranked = Object.entries(row.contributions).sort(([, a], [, b]) => Math.abs(b) - Math.abs(a))
  return {
    requestId: riskiest.requestId,
    instance: riskiest.customer.instance,
    probability: riskiest.probability,
    modelVersion: answer.model_version,
    space: answer.space,
    baseValue: row.base_value,
    rawScore: row.raw_score,
    contributions: Object.fromEntries(ranked),
  }
}
