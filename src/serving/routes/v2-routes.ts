import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ModelSelector } from '../model-pool.js'
import { decodeV2, type V2InferResponse, v2ModelMetadata, v2Response } from '../protocol/index.js'
import { readBodiesAsJson } from './json-body.js'
import { type InferenceRouteDeps, predict, requireReady, touch, versionParam } from './route-deps.js'

type Params = { name: string; version?: string }

/**
 * Open Inference Protocol (KServe V2) over REST: server liveness and readiness, model metadata and
 * readiness, and `POST /v2/models/{name}[/versions/{v}]/infer`. A model without a version in the
 * path is its route (as for V1). Model readiness loads a model no route holds, so that a client that
 * checks before inferring is not turned away forever.
 */
export function v2Routes(deps: InferenceRouteDeps) {
  return async (scope: FastifyInstance) => {
    readBodiesAsJson(scope)
    const health = { config: { endpoint: 'v2_health' } }
    scope.get('/v2/health/live', health, async () => ({ live: true }))
    scope.get('/v2/health/ready', health, async (_request, reply) => {
      requireReady(deps.pool)
      return reply.send({ ready: true })
    })
    const metadata = { config: { endpoint: 'v2_metadata' } }
    scope.get<{ Params: Params }>('/v2/models/:name', metadata, (request) => modelMetadata(deps, request))
    scope.get<{ Params: Params }>('/v2/models/:name/versions/:version', metadata, (request) =>
      modelMetadata(deps, request),
    )
    const ready = { config: { endpoint: 'v2_model_ready' } }
    scope.get<{ Params: Params }>('/v2/models/:name/ready', ready, (request, reply) =>
      modelReady(deps, request, reply),
    )
    scope.get<{ Params: Params }>('/v2/models/:name/versions/:version/ready', ready, (request, reply) =>
      modelReady(deps, request, reply),
    )
    const infer = { config: { endpoint: 'v2_infer' } }
    scope.post<{ Params: Params }>('/v2/models/:name/infer', infer, (request) => inferV2(deps, request))
    scope.post<{ Params: Params }>('/v2/models/:name/versions/:version/infer', infer, (request) =>
      inferV2(deps, request),
    )
  }
}

function selectorOf(params: Params): ModelSelector {
  return params.version === undefined
    ? { name: params.name, kind: 'default' }
    : { name: params.name, kind: 'version', version: versionParam(params.version) }
}

async function modelMetadata(deps: InferenceRouteDeps, request: FastifyRequest<{ Params: Params }>) {
  const version = await touch(deps, request, selectorOf(request.params))
  return v2ModelMetadata(version.name, [version.version], version.signature)
}

async function modelReady(
  deps: InferenceRouteDeps,
  request: FastifyRequest<{ Params: Params }>,
  reply: FastifyReply,
) {
  await touch(deps, request, selectorOf(request.params))
  return reply.send({ name: request.params.name, ready: true })
}

function inferV2(
  deps: InferenceRouteDeps,
  request: FastifyRequest<{ Params: Params }>,
): Promise<V2InferResponse> {
  const decoded = decodeV2(request.body)
  return predict(
    deps,
    request,
    selectorOf(request.params),
    () => decoded.batch,
    (results, model) =>
      v2Response(results, {
        modelName: model.name,
        modelVersion: String(model.version.version),
        id: decoded.id ?? request.id,
        ...(decoded.outputs === undefined ? {} : { outputs: decoded.outputs }),
      }),
  )
}
