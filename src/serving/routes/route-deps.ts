import type { FastifyRequest } from 'fastify'
import type { VersionModels } from '../../explain/index.js'
import type { OnnxResult } from '../../onnx/index.js'
import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { LoadedModel } from '../loaded-model.js'
import type { ModelPool, ModelSelector } from '../model-pool.js'
import { type BuildFeedsOptions, buildFeeds, type RowBatch } from '../protocol/index.js'
import { tagArm, tagModel, tagPrediction } from '../request-tags.js'
import type { RowRunner } from '../row-runner.js'
import type { TrafficRouter } from '../traffic/traffic-router.js'

/** What the inference routes answer with. */
export interface InferenceRouteDeps {
  readonly pool: ModelPool
  /** How requests become feeds: unknown columns, row limit. */
  readonly feeds: BuildFeedsOptions
  /** The model `/invocations` answers with when several are served. */
  readonly defaultModel: string | undefined
  /** Which version answers each request, and which shadows it. */
  readonly traffic: TrafficRouter
  /** How a request's rows are answered on a leased model (cache, then onnxruntime). */
  readonly rows: RowRunner
  /** The trained model behind each version, for `:explain`; null: the server does not explain. */
  readonly models: Pick<VersionModels, 'trainedModel'> | null
}

/**
 * Answers one prediction request: the traffic policy picks the version (and a shadow); the pool
 * leases it (the request is tagged with it and its arm); the body is decoded against that version's
 * signature, its rows answered (cache, then onnxruntime) and the results encoded; or, when the cache
 * remembers this very body on this version, its results are encoded at once. Decoding inside the
 * lease means a request is checked against the very version that runs it. Once the answer is encoded,
 * the shadow gets the request (decoded again against its own signature), never awaited.
 */
export function predict<T>(
  deps: InferenceRouteDeps,
  request: FastifyRequest,
  selector: ModelSelector,
  decode: (model: LoadedModel) => RowBatch,
  encode: (results: Record<string, OnnxResult>, model: LoadedModel) => T,
): Promise<T> {
  const plan = deps.traffic.plan(request, selector)
  return deps.pool.withModel(plan.primary, async (model) => {
    tagModel(request, model)
    tagArm(request, plan.arm)
    // A shadow needs the request decoded; any other request whose body was answered before skips it
    // (the prediction log decodes it later, if it keeps the request).
    const tagged = tagPrediction(request, { selector: plan.primary })
    const recalled = plan.shadow ? undefined : deps.rows.recall?.(model, request)
    if (recalled) {
      tagged.rows = () => decode(model)
      tagged.results = await recalled
      return encode(tagged.results, model)
    }
    const batch = decode(model)
    tagged.rows = batch
    const feeds = buildFeeds(batch, model.version.signature, deps.feeds)
    const started = performance.now()
    const results = await deps.rows.run(model, batch, feeds, request)
    tagged.results = results
    const seconds = (performance.now() - started) / 1000
    const answer = encode(results, model)
    if (plan.shadow) {
      deps.traffic.mirror(plan, {
        requestId: request.id,
        primary: { version: model.version, results, seconds },
        feedsFor: (shadow) => buildFeeds(decode(shadow), shadow.version.signature, deps.feeds),
        rows: batch,
      })
    }
    return answer
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
