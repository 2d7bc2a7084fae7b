import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ShipyardError } from '../../shared/index.js'
import {
  checkScoringContentType,
  decodeCsv,
  decodeMlflowJson,
  mlflowResponse,
  predictionRows,
} from '../protocol/index.js'
import { keepBodyText } from './request-body.js'
import { type InferenceRouteDeps, predict, requireReady } from './route-deps.js'

/**
 * MLflow's scoring server: `POST /invocations` (JSON or CSV, by MLflow 2.x's Content-Type rules),
 * answered by the default model (the only one served, or the one `--default` names) as
 * `{"predictions": [...]}`; `GET /ping` and `GET /health`, 200 once every model is loaded.
 */
export function mlflowRoutes(deps: InferenceRouteDeps) {
  return async (scope: FastifyInstance) => {
    // The body stays text until the Content-Type is checked: CSV and JSON are both scoring formats.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
      keepBodyText(request, body as string)
      done(null, body)
    })
    scope.post('/invocations', { config: { endpoint: 'invocations' } }, (request) => {
      // Checked before any model is involved, as MLflow does: a wrong Content-Type is a 415 whatever else.
      const body = readScoringBody(request)
      return predict(
        deps,
        request,
        { name: defaultModel(deps), kind: 'default' },
        (model) =>
          body.format === 'csv'
            ? decodeCsv(body.text, model.version.signature)
            : decodeMlflowJson(body.json, model.version.signature).batch,
        (results, model) => mlflowResponse(predictionRows(results, model.version.signature)),
      )
    })
    const ping = async (_request: FastifyRequest, reply: FastifyReply) => {
      requireReady(deps.pool)
      return reply.send({ status: 'ok' })
    }
    scope.get('/ping', { config: { endpoint: 'ping' } }, ping)
    scope.get('/health', { config: { endpoint: 'ping' } }, ping)
  }
}

type ScoringBody =
  | { readonly format: 'csv'; readonly text: string }
  | { readonly format: 'json'; readonly json: unknown }

function readScoringBody(request: FastifyRequest): ScoringBody {
  const format = checkScoringContentType(request.headers['content-type'])
  const text = typeof request.body === 'string' ? request.body : ''
  if (format === 'csv') return { format, text }
  try {
    return { format, json: JSON.parse(text) }
  } catch (error) {
    throw new ShipyardError(
      'BAD_REQUEST',
      `the request body is not valid JSON: ${(error as Error).message}`,
      {
        details: { field: 'body' },
      },
    )
  }
}

/** The model `/invocations` answers with: `--default`, or the only model served. */
function defaultModel(deps: InferenceRouteDeps): string {
  if (deps.defaultModel !== undefined) return deps.defaultModel
  const names = [...new Set(deps.pool.routes().map((route) => route.name))]
  if (names.length === 1) return names[0]!
  if (names.length === 0) requireReady(deps.pool)
  throw new ShipyardError(
    'RESOURCE_DOES_NOT_EXIST',
    `/invocations needs a default model: this server serves ${names.map((n) => `'${n}'`).join(', ')}; start it with --default NAME, or call /v1/models/{name}:predict`,
    { details: { served: names } },
  )
}
