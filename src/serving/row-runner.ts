import type { FastifyRequest } from 'fastify'
import type { OnnxFeed, OnnxResult } from '../onnx/index.js'
import type { LoadedModel } from './loaded-model.js'
import type { RowBatch } from './protocol/index.js'

/**
 * Runs a request's rows on a leased model: the place where answers may come from the prediction
 * cache instead of onnxruntime. `batch` is the decoded request (the cache keys its rows), `feeds` the
 * same rows as tensors. Results have one row per request row, in order.
 */
export interface RowRunner {
  /**
   * The results `request`'s very body got before from this version, when the runner remembers whole
   * requests (the cache's memo): the request is then answered from them without being decoded. A
   * promise when there is an answer, undefined at once when there is none.
   */
  recall?(model: LoadedModel, request: FastifyRequest): Promise<Record<string, OnnxResult>> | undefined
  run(
    model: LoadedModel,
    batch: RowBatch,
    feeds: Readonly<Record<string, OnnxFeed>>,
    request: FastifyRequest,
  ): Promise<Record<string, OnnxResult>>
}

/** No cache: every row runs. */
export const DIRECT_RUNNER: RowRunner = {
  run: (model, _batch, feeds) => model.run(feeds),
}
