import { type Dataset, valueAt } from '../../data/index.js'
import type { PostJson } from './quickstart-server.js'

/** A request column's value as a client writes it in JSON. */
export type ClientValue = number | string | boolean | null

/** One held-out customer: the row a client sends, and the true label that arrives later. */
export interface HoldoutCustomer {
  readonly instance: Readonly<Record<string, ClientValue>>
  readonly label: number | string | boolean
}

/** One customer's prediction as the server answered it. */
export interface ServedCustomer {
  readonly customer: HoldoutCustomer
  /** The server's `request_id`: the key of its records in the prediction log. */
  readonly requestId: string
  readonly modelVersion: string
  /** Probability of churn (class `1`). */
  readonly probability: number
}

/** Single-row requests in flight at once: a few clients, not a load test. */
export const TRAFFIC_CONCURRENCY = 4

/**
 * The rows of `holdout` as a client sends them (raw columns, without `target`): missing values as
 * null, dates as ISO strings (the table's are whole days), with the true `target` kept beside each
 * for the feedback that follows. Rows whose label is missing are left out: nothing could score them.
 */
export function holdoutCustomers(holdout: Dataset, target: string): HoldoutCustomer[] {
  const inputs = holdout.columns.filter((column) => column.name !== target)
  const labels = holdout.column(target)
  const customers: HoldoutCustomer[] = []
  for (let row = 0; row < holdout.rowCount; row++) {
    const label = valueAt(labels, row)
    if (label === null) continue
    const instance: Record<string, ClientValue> = {}
    for (const column of inputs) {
      const value = valueAt(column, row)
      instance[column.name] =
        column.type === 'datetime' && value !== null
          ? new Date(value as number).toISOString().slice(0, 10)
          : value
    }
    customers.push({ instance, label })
  }
  return customers
}

/**
 * Sends each customer as its own TF-Serving V1 request to `path` (`/v1/models/churn:predict`),
 * `TRAFFIC_CONCURRENCY` at a time, as live traffic arrives; answers in the customers' order.
 */
export async function sendTraffic(
  post: PostJson,
  path: string,
  customers: readonly HoldoutCustomer[],
): Promise<ServedCustomer[]> {
  const served: ServedCustomer[] = new Array(customers.length)
  let next = 0
  const client = async () => {
    while (next < customers.length) {
      const i = next++
      const customer = customers[i]!
      const answer = await post<V1Answer>(path, { instances: [customer.instance] })
      served[i] = {
        customer,
        requestId: answer.request_id,
        modelVersion: answer.model_version,
        probability: answer.predictions[0]!.probabilities['1']!,
      }
    }
  }
  await Promise.all(Array.from({ length: TRAFFIC_CONCURRENCY }, client))
  return served
}

/** The part of a V1 `:predict` answer the traffic reads. */
interface V1Answer {
  readonly predictions: readonly { readonly probabilities: Readonly<Record<string, number>> }[]
  readonly model_version: string
  readonly request_id: string
}
