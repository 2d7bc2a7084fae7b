import { join } from 'node:path'
import type { Dataset } from '../../data/index.js'
import { openPredictionLog, type PredictionLogConfig } from '../../monitoring/index.js'
import { registerRunModel } from '../../registry/index.js'
import type { Shipyard } from '../../sdk/index.js'
import { QUICKSTART_TARGET, type QuickstartRun } from './quickstart-demo.js'
import { explainRiskiest, type QuickstartExplanation } from './quickstart-explain.js'
import { type QuickstartFeedback, sendFeedback } from './quickstart-feedback.js'
import {
  monitorServedVersion,
  type QuickstartMonitor,
  type QuickstartReplay,
  replayLogged,
} from './quickstart-review.js'
import { withLoggingServer } from './quickstart-server.js'
import { holdoutCustomers, sendTraffic, TRAFFIC_CONCURRENCY } from './quickstart-traffic.js'

/** The registered model the quickstart deploys, and the alias it serves from. */
export const QUICKSTART_MODEL = { name: 'churn', alias: 'production' } as const

/**
 * Customers to score, as a client would send them: raw columns, a missing value and a date string
 * included (the served graph does its own feature engineering).
 */
export const SAMPLE_CUSTOMERS: readonly Readonly<Record<string, number | string | null>>[] = [
  { tenure_months: 2, monthly_charges: 89.5, support_calls: 4, plan: 'basic', signup_date: '2023-03-01' },
  { tenure_months: 60, monthly_charges: null, support_calls: 0, plan: 'premium', signup_date: '2021-02-14' },
]

/** What the deployment half of the quickstart did. */
export interface QuickstartDeployment {
  readonly model: string
  readonly version: number
  readonly alias: string
  /** The run the version came from: the sweep's best by validation AUC. */
  readonly runId: string
  readonly runName: string
  /** The request the in-process server answered, and its answer. */
  readonly request: { readonly path: string; readonly body: unknown }
  readonly response: { readonly modelVersion: string; readonly predictions: readonly unknown[] }
}

/** The production-debugging loop run on the deployed model, step by step. */
export interface QuickstartProduction {
  /** The held-out customers sent one per request; their ids are the keys of the prediction log. */
  readonly traffic: {
    readonly requests: number
    readonly concurrency: number
    readonly requestIds: readonly string[]
  }
  readonly feedback: QuickstartFeedback
  readonly explanation: QuickstartExplanation
  readonly replay: QuickstartReplay
  readonly monitor: QuickstartMonitor
}

/** What the production half works with besides the store: where to log, what to send, where to write. */
export interface QuickstartProductionInputs {
  /** Where the prediction log lives (the quickstart's own home or database, as `shipyard serve` logs). */
  readonly logConfig: PredictionLogConfig
  /** The held-out rows, label included (`logQuickstartDemo`). */
  readonly holdout: Dataset
  /** Where `monitor.html` and the late labels' CSV go, beside `churn.csv`. */
  readonly outputDir: string
}

/**
 * The deployment and production loops on the sweep's best run: registers its `model.onnx` as the
 * next version of `churn` (signature, metrics and lineage from the run), points `production` at it,
 * and serves it on a free local port with the prediction log, feedback and explanations on. Over
 * HTTP, exactly as `curl` would: predictions for the two sample customers (TF-Serving's `:predict`),
 * then every held-out customer as its own request, then the true labels of most of them
 * (`POST /v1/feedback`), then `:explain` on the riskiest. Stops the server (its log flushed), replays
 * that request on the version, and builds the monitor report (written as `monitor.html`). The alias
 * moves whatever version it pointed at before, as re-running a pipeline would.
 */
export async function deployQuickstartModel(
  shipyard: Shipyard,
  runs: readonly QuickstartRun[],
  inputs: QuickstartProductionInputs,
): Promise<{ readonly deployment: QuickstartDeployment; readonly production: QuickstartProduction }> {
  const best = runs.reduce((a, b) => (b.validAuc > a.validAuc ? b : a))
  const { name, alias } = QUICKSTART_MODEL
  const version = await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
    runId: best.runId,
    name,
    description: 'Customer churn classifier from `shipyard quickstart`',
  })
  await shipyard.registry.setAlias(name, alias, version.version, {
    reason: `quickstart: best valid_roc_auc (${best.runName})`,
  })
  const request = { path: `/v1/models/${name}:predict`, body: { instances: SAMPLE_CUSTOMERS } }
  const log = await openPredictionLog(inputs.logConfig)
  try {
    const served = await withLoggingServer(shipyard, log, `${name}@${alias}`, async (post) => {
      const answer = await post<V1Predictions>(request.path, request.body)
      const response = { modelVersion: answer.model_version, predictions: answer.predictions }
      const customers = holdoutCustomers(inputs.holdout, QUICKSTART_TARGET)
      const traffic = await sendTraffic(post, request.path, customers)
      const feedback = await sendFeedback(post, traffic, join(inputs.outputDir, 'labels.csv'))
      const explanation = await explainRiskiest(post, `/v1/models/${name}:explain`, traffic)
      return { response, traffic, feedback, explanation }
    })
    const { explanation } = served
    const replay = await replayLogged(shipyard, log, explanation.requestId, version.version)
    const monitor = await monitorServedVersion(
      shipyard,
      log,
      { model: name, version: version.version },
      join(inputs.outputDir, 'monitor.html'),
    )
    const deployment = {
      model: name,
      version: version.version,
      alias,
      runId: best.runId,
      runName: best.runName,
      request,
      response: served.response,
    }
    const traffic = {
      requests: served.traffic.length,
      concurrency: TRAFFIC_CONCURRENCY,
      requestIds: served.traffic.map((s) => s.requestId),
    }
    return { deployment, production: { traffic, feedback: served.feedback, explanation, replay, monitor } }
  } finally {
    await log.close()
  }
}

/** The part of a V1 `:predict` answer the deployment keeps. */
interface V1Predictions {
  readonly predictions: readonly unknown[]
  readonly model_version: string
}
