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
