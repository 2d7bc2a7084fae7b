import type { FastifyRequest } from 'fastify'
import type { ErrorCode } from '../shared/index.js'
import type { LoadedModel } from './loaded-model.js'

/** What a request learned on its way: the model and arm that answered it, the error code it ended with. */
interface Tags {
  model?: LoadedModel
  arm?: string
  errorCode?: ErrorCode
}

// Kept beside the request rather than declared on Fastify's request type, which the tracking server shares.
const tags = new WeakMap<FastifyRequest, Tags>()

/** Records the model version answering `request` (for the X-Model-* headers, logs and metrics). */
export function tagModel(request: FastifyRequest, model: LoadedModel): void {
  tags.set(request, { ...tags.get(request), model })
}

/** Records the traffic arm that answered `request` (`primary`, `canary:v5`, `pinned`): `X-Traffic-Arm`. */
export function tagArm(request: FastifyRequest, arm: string): void {
  tags.set(request, { ...tags.get(request), arm })
}

/** The traffic arm that answered `request`, if it was a prediction. */
export function taggedArm(request: FastifyRequest): string | undefined {
  return tags.get(request)?.arm
}

/** Records the error code `request` was answered with. */
export function tagError(request: FastifyRequest, code: ErrorCode): void {
  tags.set(request, { ...tags.get(request), errorCode: code })
}

/** The model that answered `request`, if one did. */
export function taggedModel(request: FastifyRequest): LoadedModel | undefined {
  return tags.get(request)?.model
}

/** The error code `request` was answered with, if it failed. */
export function taggedError(request: FastifyRequest): ErrorCode | undefined {
  return tags.get(request)?.errorCode
}
