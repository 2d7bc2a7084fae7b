import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ShipyardError } from '../../shared/index.js'
import type { ModelPool, ModelSelector, VersionState } from '../model-pool.js'
import { decodeV1, predictionRows, type V1Response, v1Response } from '../protocol/index.js'
import { readBodiesAsJson } from './json-body.js'
import { type InferenceRouteDeps, predict, versionParam } from './route-deps.js'

type Params = { name: string; version?: string; alias?: string }

// `::` is a literal colon; the pattern keeps the colon out of the parameter before it.
const SEGMENT = '(^[^/:]+)'

/** TF-Serving's model states, by ours. */
const TF_STATES: Readonly<Record<VersionState['state'], string>> = {
  LOADING: 'LOADING',
  AVAILABLE: 'AVAILABLE',
  FAILED: 'END',
}

/**
 * TF-Serving / KServe V1: `POST /v1/models/{name}:predict` (the model's route: the alias its
 * `--model` names, else `production`), `.../versions/{v}:predict`, `.../labels/{alias}:predict`,
 * answering `{predictions, model_name, model_version, request_id}`; and TF-Serving's model status,
 * `GET /v1/models/{name}[/versions/{v}]`.
 */
export function v1Routes(deps: InferenceRouteDeps) {
  return async (scope: FastifyInstance) => {
    readBodiesAsJson(scope)
    const config = { endpoint: 'v1_predict' }
    scope.post<{ Params: Params }>(`/v1/models/:name${SEGMENT}::predict`, { config }, (request) =>
      predictV1(deps, request, { name: request.params.name, kind: 'default' }),
    )
    scope.post<{ Params: Params }>(
      `/v1/models/:name/versions/:version${SEGMENT}::predict`,
      { config },
      (request) =>
        predictV1(deps, request, {
          name: request.params.name,
          kind: 'version',
          version: versionParam(request.params.version!),
        }),
    )
    scope.post<{ Params: Params }>(
      `/v1/models/:name/labels/:alias${SEGMENT}::predict`,
      { config },
      (request) =>
        predictV1(deps, request, { name: request.params.name, kind: 'alias', alias: request.params.alias! }),
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
