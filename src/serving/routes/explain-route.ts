import type { FastifyRequest } from 'fastify'
import {
  type ExplanationJson,
  explainRows,
  explanationJson,
  feedsDataset,
  type VersionModels,
} from '../../explain/index.js'
import type { ModelPool, ModelSelector } from '../model-pool.js'
import { type BuildFeedsOptions, buildFeeds, decodeV1 } from '../protocol/index.js'
import { tagModel } from '../request-tags.js'

/**
 * The most rows one explain request may hold (fewer when the server's `maxRows` is lower): TreeSHAP
 * costs far more per row than a prediction and runs on the event loop, so a request the size of the
 * largest prediction would stall every other request for seconds.
 */
export const EXPLAIN_MAX_ROWS = 1000

/** What the explain route needs: the pool to lease versions from, feed options, and the trained models. */
export interface ExplainRouteDeps {
  readonly pool: Pick<ModelPool, 'withModel'>
  readonly feeds: BuildFeedsOptions
  /** The trained model behind each version (`VersionModels`, on the tracking store and run artifacts). */
  readonly models: Pick<VersionModels, 'trainedModel'>
}

/** The answer of `POST /v1/models/{name}:explain`: the explanation, and which version gave it. */
export interface V1ExplainResponse extends ExplanationJson {
  readonly model_name: string
  readonly model_version: string
  readonly request_id: string
}

/**
 * Answers `POST /v1/models/{name}:explain` (and `.../versions/{v}:explain`, `.../labels/{alias}:explain`)
 * with a body as for `:predict` (TF-Serving V1 `instances` or `inputs`): per row, the base value, the
 * raw score and each raw column's and transformed feature's contribution (`explanationJson`), with the
 * score space stated. The selector's version is leased as a prediction leases it, but the traffic
 * policy is not consulted: a model's route explains with the version its alias names, never a canary
 * or a pinned one, and nothing is shadowed. The body is checked as `:predict` checks it (400 naming the
 * field and row), with at most `EXPLAIN_MAX_ROWS` rows; a version Shipyard did not train (imported ONNX)
 * is refused first, 400 saying so.
 */
export function explainV1(
  deps: ExplainRouteDeps,
  request: FastifyRequest,
  selector: ModelSelector,
): Promise<V1ExplainResponse> {
  return deps.pool.withModel(selector, async (served) => {
    tagModel(request, served)
    const { version } = served
    const model = await deps.models.trainedModel(version)
    const feeds = buildFeeds(decodeV1(request.body, version.signature), version.signature, {
      ...deps.feeds,
      maxRows: Math.min(deps.feeds.maxRows, EXPLAIN_MAX_ROWS),
    })
    const explanation = explainRows(model, feedsDataset(model.pipeline.inputs, feeds))
    return {
      ...explanationJson(model, explanation),
      model_name: served.name,
      model_version: String(version.version),
      request_id: request.id,
    }
  })
}
