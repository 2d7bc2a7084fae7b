import { hash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { OnnxResult } from '../../onnx/index.js'
import type { LoadedModel } from '../loaded-model.js'
import type { EndpointConfig } from '../plugins/request-context-plugin.js'
import { bodyTextOf } from '../routes/request-body.js'
import type { CacheMetrics } from './cache-metrics.js'
import type { LocalRowCache } from './stores/local-row-cache.js'

/** The `layer` label the memo's lookups are counted under. */
export const MEMO_LAYER = 'request'

/**
 * Whole requests remembered in process: the results a request body got from a model version, keyed by
 * the version's bytes, the endpoint, the Content-Type and the body's exact text. A body sent again (a
 * hot request, a client retrying) is answered without decoding it, building its feeds or keying its
 * rows, which cost most of a cached answer (three times a bare route's time, measured). Whatever the
 * body says, the same four things decode to the same rows, so the remembered results are the ones the
 * rows' cache would give; only bodies whose rows ran (or were found) are remembered, never errors.
 * Requests whose route does not keep its body text are not remembered.
 */
export class RequestMemo {
  readonly #store: LocalRowCache
  readonly #metrics: CacheMetrics

  constructor(store: LocalRowCache, metrics: CacheMetrics) {
    this.#store = store
    this.#metrics = metrics
  }

  /** The results remembered for `request`'s body on `model`'s version, counted; undefined when none. */
  recall(model: LoadedModel, request: FastifyRequest): Record<string, OnnxResult> | undefined {
    const key = memoKey(model, request)
    if (key === undefined) return undefined
    const results = this.#store.lookup(key)
    if (results !== undefined) this.#metrics.lookedUp(MEMO_LAYER, rowCount(results), 0)
    return results
  }

  /** Remembers the results `request`'s body got; counts its rows as missed here. */
  remember(model: LoadedModel, request: FastifyRequest, results: Readonly<Record<string, OnnxResult>>): void {
    const key = memoKey(model, request)
    if (key === undefined) return
    this.#metrics.lookedUp(MEMO_LAYER, 0, rowCount(results))
    this.#store.set(new Map([[key, results]]))
  }

  close(): Promise<void> {
    return this.#store.close()
  }
}

function memoKey(model: LoadedModel, request: FastifyRequest): string | undefined {
  const text = bodyTextOf(request)
  if (text === undefined) return undefined
  const endpoint = (request.routeOptions.config as EndpointConfig).endpoint ?? ''
  const type = request.headers['content-type'] ?? ''
  return hash('sha256', `${model.version.sha256}\n${endpoint}\n${type}\n${text}`, 'base64url')
}

function rowCount(results: Readonly<Record<string, OnnxResult>>): number {
  for (const name in results) return results[name]!.dims[0] ?? 1
  return 0
}
