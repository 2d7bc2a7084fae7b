import { parseModelRoute, registerRunModel } from '../../registry/index.js'
import type { Shipyard } from '../../sdk/index.js'
import { buildInferenceServer } from '../../serving/index.js'
import type { QuickstartRun } from './quickstart-demo.js'

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

/**
 * The deployment loop on the sweep's best run: registers its `model.onnx` as the next version of
 * `churn` (signature, metrics and lineage from the run), points `production` at it, starts the
 * inference server on a free local port, asks it for predictions exactly as `curl` would
 * (TF-Serving's `:predict`), and stops it. The alias moves whatever version it pointed at before,
 * as re-running a pipeline would.
 */
export async function deployQuickstartModel(
  shipyard: Shipyard,
  runs: readonly QuickstartRun[],
): Promise<QuickstartDeployment> {
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
  const response = await predictOverHttp(shipyard, request)
  return {
    model: name,
    version: version.version,
    alias,
    runId: best.runId,
    runName: best.runName,
    request,
    response,
  }
}

async function predictOverHttp(
  shipyard: Shipyard,
  request: QuickstartDeployment['request'],
): Promise<QuickstartDeployment['response']> {
  const server = await buildInferenceServer({
    registry: shipyard.registry,
    routes: [parseModelRoute(`${QUICKSTART_MODEL.name}@${QUICKSTART_MODEL.alias}`, 'model')],
  })
  try {
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 })
    await server.start()
    const answer = await fetch(`${url}${request.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
    })
    const body = (await answer.json()) as { predictions: unknown[]; model_version: string; message?: string }
    if (!answer.ok) throw new Error(`the inference server answered ${answer.status}: ${body.message}`)
    return { modelVersion: body.model_version, predictions: body.predictions }
  } finally {
    await server.app.close()
  }
}
