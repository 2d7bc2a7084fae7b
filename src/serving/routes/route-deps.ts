import type { FastifyRequest } from 'fastify'
import type { OnnxResult } from '../../onnx/index.js'
import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { LoadedModel } from '../loaded-model.js'
import type { ModelPool, ModelSelector } from '../model-pool.js'
import { type BuildFeedsOptions, buildFeeds, type RowBatch } from '../protocol/index.js'
import { tagModel } from '../request-tags.js'

/** What the inference routes answer with. */
export interface InferenceRouteDeps {
  readonly pool: ModelPool
  /** How requests become feeds: unknown columns, row limit. */
  readonly feeds: BuildFeedsOptions
  /** The model `/invocations` answers with when several are served. */
  readonly defaultModel: string | undefined
}

/**
 * Answers one prediction request: leases the model the selector names (tagging the request with it),
 * decodes the body against that version's signature, runs it, and encodes the results. Decoding
 * inside the lease means a request is checked against the very version that runs it.
 */
export function predict<T>(
  deps: InferenceRouteDeps,
  request: FastifyRequest,
  selector: ModelSelector,
  decode: (model: LoadedModel) => RowBatch,
  encode: (results: Record<string, OnnxResult>, model: LoadedModel) => T,
): Promise<T> {
  return deps.pool.withModel(selector, async (model) => {
    tagModel(request, model)
    const feeds = buildFeeds(decode(model), model.version.signature, deps.feeds)
    return encode(await model.run(feeds), model)
  })
}

/** Leases the selector's model only to tag the request and prove it loads (readiness, metadata). */
export function touch(deps: InferenceRouteDeps, request: FastifyRequest, selector: ModelSelector) {
  return deps.pool.withModel(selector, async (model) => {
    tagModel(request, model)
    return model.version
  })
}

/** A version path parameter as a number; `INVALID_PARAMETER_VALUE` naming `version` otherwise. */
export function versionParam(text: string): number {
  const version = /^\d{1,15}$/.test(text) ? Number(text) : 0
  if (version < 1) throw invalidValue('version', `'${text}' is not a version number (1, 2, 3...)`)
  return version
}

/** Throws `SHIPYARD_MODEL_NOT_READY` (503) naming what is not loaded unless every route serves. */
export function requireReady(pool: ModelPool): void {
  if (pool.ready) return
  const waiting = pool.routes().filter((route) => route.version === null)
  const names = waiting.map((route) => `'${route.name}'`).join(', ')
  throw new ShipyardError(
    'SHIPYARD_MODEL_NOT_READY',
    waiting.length > 0
      ? `not ready: ${names} not loaded yet; retry shortly`
      : 'not ready: no model to serve yet (none named, or none with a production alias)',
    { details: { waiting: waiting.map((route) => route.name) } },
  )
}
