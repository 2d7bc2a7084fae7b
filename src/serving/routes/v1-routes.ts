import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ShipyardError } from '../../shared/index.js'
import type { ModelPool, ModelSelector, VersionState } from '../model-pool.js'
import { decodeV1, predictionRows, type V1Response, v1Response } from '../protocol/index.js'
import { endpointNotFound } from '../serving-errors.js'
import { explainV1 } from './explain-route.js'
import { readBodiesAsJson } from './json-body.js'
import { type InferenceRouteDeps, predict, versionParam } from './route-deps.js'

type Params = { name: string; version?: string; alias?: string }
type MethodParams = { target: string; name?: string }

/** TF-Serving's model states, by ours. */
const TF_STATES: Readonly<Record<VersionState['state'], string>> = {
  LOADING: 'LOADING',
  AVAILABLE: 'AVAILABLE',
  FAILED: 'END',
}

/**
 * TF-Serving / KServe V1: `POST /v1/models/{name}:predict` (the model's route: the alias its
 * `--model` names, else `production`), `.../versions/{v}:predict`, `.../labels/{alias}:predict`,
 * answering `{predictions, model_name, model_version, request_id}`; the same paths with `:explain`
 * (see `explainV1`) when the server has the trained models; and TF-Serving's model status,
 * `GET /v1/models/{name}[/versions/{v}]`.
 */
export function v1Routes(deps: InferenceRouteDeps) {
  return async (scope: FastifyInstance) => {
    readBodiesAsJson(scope)
    const config = { endpoint: 'v1_predict' }
    // The last path segment is `{name}:predict` (or `{version}:predict`, `{alias}:predict`), split here
    // rather than by a route pattern: find-my-way's regex parameters cost ~7 µs a request.
    scope.post<{ Params: MethodParams }>('/v1/models/:target', { config }, (request) =>
      v1Method(deps, request, (target) => ({ name: target, kind: 'default' })),
    )
    scope.post<{ Params: MethodParams }>('/v1/models/:name/versions/:target', { config }, (request) =>
      v1Method(deps, request, (target) => ({
        name: request.params.name!,
        kind: 'version',
        version: versionParam(target),
      })),
    )
    scope.post<{ Params: MethodParams }>('/v1/models/:name/labels/:target', { config }, (request) =>
      v1Method(deps, request, (target) => ({ name: request.params.name!, kind: 'alias', alias: target })),
    )
    const status = { config: { endpoint: 'v1_status' } }
    scope.get<{ Params: Params }>('/v1/models/:name', status, async (request) =>
      modelStatus(deps.pool, request.params.name),
    )
    scope.get<{ Params: Params }>('/v1/models/:name/versions/:version', status, async (request) =>
      modelStatus(deps.pool, request.params.name, versionParam(request.params.version!)),
    )
  }
}

/**
 * Answers a `.../{target}:predict` or `.../{target}:explain` segment with the selector its target
 * names; any other method (and `:explain` on a server without the trained models) is not an endpoint.
 */
function v1Method(
  deps: InferenceRouteDeps,
  request: FastifyRequest<{ Params: MethodParams }>,
  selector: (target: string) => ModelSelector,
): Promise<unknown> {
  const segment = request.params.target
  const colon = segment.lastIndexOf(':')
  const method = colon > 0 ? segment.slice(colon + 1) : ''
  if (method === 'predict') return predictV1(deps, request, selector(segment.slice(0, colon)))
  if (method === 'explain' && deps.models !== null) {
    return explainV1({ ...deps, models: deps.models }, request, selector(segment.slice(0, colon)))
  }
  throw endpointNotFound(request)
}

function predictV1(
  deps: InferenceRouteDeps,
  request: FastifyRequest,
  selector: ModelSelector,
): Promise<V1Response> {
  return predict(
    deps,
    request,
    selector,
    (model) => decodeV1(request.body, model.version.signature),
    (results, model) =>
      v1Response(predictionRows(results, model.version.signature), {
        modelName: model.name,
        modelVersion: String(model.version.version),
        requestId: request.id,
      }),
  )
}

/** TF-Serving's `GetModelStatus` answer for the versions of `name` this server holds. */
function modelStatus(pool: ModelPool, name: string, version?: number) {
  const states = pool.versionStates(name).filter((s) => version === undefined || s.version === version)
  if (states.length === 0) {
    const what = version === undefined ? `model '${name}'` : `version ${version} of model '${name}'`
    throw new ShipyardError(
      'RESOURCE_DOES_NOT_EXIST',
      `${what} is not loaded on this server (models and versions load on first use)`,
      { details: { model: name, ...(version === undefined ? {} : { version }) } },
    )
  }
  return {
    model_version_status: states.map((s) => ({
      version: String(s.version),
      state: TF_STATES[s.state],
      status: { error_code: s.state === 'FAILED' ? 'UNKNOWN' : 'OK', error_message: s.message },
    })),
  }
}
