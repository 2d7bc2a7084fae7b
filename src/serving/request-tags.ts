import type { FastifyRequest } from 'fastify'
import type { OnnxResult } from '../onnx/index.js'
import type { ErrorCode } from '../shared/index.js'
import type { LoadedModel } from './loaded-model.js'
import type { ModelSelector } from './model-pool.js'
import type { RowBatch } from './protocol/index.js'

/**
 * A prediction request as the prediction log needs it, filled in as it goes: tagged once a model is
 * leased, then its rows once decoded, then their results once run.
 */
export interface TaggedPrediction {
  /** What answered: the route, alias or version the traffic policy chose. */
  readonly selector: ModelSelector
  /** The decoded rows; a function when they were not decoded (a remembered body), decoding them on call. */
  rows?: RowBatch | (() => RowBatch)
  results?: Readonly<Record<string, OnnxResult>>
}

/** What a request learned on its way: the model and arm that answered it, the error it ended with. */
interface Tags {
  model?: LoadedModel
  arm?: string
  error?: { readonly code: ErrorCode; readonly message: string }
  prediction?: TaggedPrediction
}

// Kept beside the request rather than declared on Fastify's request type, which the tracking server
// shares; one mutable object per request, made on its first tag.
const tags = new WeakMap<FastifyRequest, Tags>()

function tagsOf(request: FastifyRequest): Tags {
  let found = tags.get(request)
  if (found === undefined) {
    found = {}
    tags.set(request, found)
  }
  return found
}

/** Records the model version answering `request` (for the X-Model-* headers, logs and metrics). */
export function tagModel(request: FastifyRequest, model: LoadedModel): void {
  tagsOf(request).model = model
}

/** Records the traffic arm that answered `request` (`primary`, `canary:v5`, `pinned`): `X-Traffic-Arm`. */
export function tagArm(request: FastifyRequest, arm: string): void {
  tagsOf(request).arm = arm
}

/** Records the error `request` was answered with. */
export function tagError(request: FastifyRequest, code: ErrorCode, message: string): void {
  tagsOf(request).error = { code, message }
}

/** Records the rows `request` asked about; `results` is filled once they ran. */
export function tagPrediction(request: FastifyRequest, prediction: TaggedPrediction): TaggedPrediction {
  tagsOf(request).prediction = prediction
  return prediction
}

/** The traffic arm that answered `request`, if it was a prediction. */
export function taggedArm(request: FastifyRequest): string | undefined {
  return tags.get(request)?.arm
}

/** The model that answered `request`, if one did. */
export function taggedModel(request: FastifyRequest): LoadedModel | undefined {
  return tags.get(request)?.model
}

/** The error code `request` was answered with, if it failed. */
export function taggedError(request: FastifyRequest): ErrorCode | undefined {
  return tags.get(request)?.error?.code
}

/** The error `request` was answered with, if it failed. */
export function taggedErrorDetail(request: FastifyRequest): Tags['error'] {
  return tags.get(request)?.error
}

/** The rows `request` asked about and their results, if it reached a model. */
export function taggedPrediction(request: FastifyRequest): TaggedPrediction | undefined {
  return tags.get(request)?.prediction
}
