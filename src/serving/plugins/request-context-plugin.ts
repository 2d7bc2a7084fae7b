import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { taggedArm, taggedError, taggedModel } from '../request-tags.js'
import type { ServingMetrics } from '../serving-metrics.js'

/** The header a request id comes in and goes out on. */
export const REQUEST_ID_HEADER = 'x-request-id'

// What a caller's id may look like before we echo it into a header and the logs.
const CALLER_ID = /^[\w.:@/+=-]{1,128}$/

/**
 * The request id Fastify gives each request: the caller's `X-Request-Id` when it is a sane token
 * (so a trace crosses services), a new UUID otherwise. For Fastify's `genReqId`.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID()
}

/** The route config key naming an endpoint for the metrics (`{ config: { endpoint: 'v1_predict' } }`). */
export interface EndpointConfig {
  readonly endpoint?: string
}

/**
 * Adds to every response, errors included, `X-Request-Id` and, when a model answered,
 * `X-Model-Name` and `X-Model-Version` (and `X-Traffic-Arm` for a prediction); counts every response
 * in the metrics by endpoint, status, model and version; and logs one line per request, once answered,
 * with all of that (Fastify's own two lines per request, with a child logger per request for the
 * model, cost ~10 % of a one-row prediction's time). Registered on the root, not encapsulated, so that
 * it sees every route.
 */
export function addRequestContext(app: FastifyInstance, metrics: ServingMetrics): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header(REQUEST_ID_HEADER, request.id)
    const model = taggedModel(request)
    if (model) {
      reply.header('x-model-name', headerSafe(model.name))
      reply.header('x-model-version', String(model.version.version))
    }
    const arm = taggedArm(request)
    if (arm !== undefined) reply.header('x-traffic-arm', arm)
  })
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const model = taggedModel(request)
    const outcome = {
      endpoint: (request.routeOptions.config as EndpointConfig).endpoint ?? 'unmatched',
      status: reply.statusCode,
      model: model?.name ?? '',
      version: model ? String(model.version.version) : '',
      seconds: reply.elapsedTime / 1000,
      errorCode: taggedError(request),
    }
    metrics.record(outcome)
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: outcome.status,
        ...(model ? { model: outcome.model, model_version: model.version.version } : {}),
        ...(taggedArm(request) === undefined ? {} : { arm: taggedArm(request) }),
        ...(outcome.errorCode === undefined ? {} : { error_code: outcome.errorCode }),
        response_ms: Math.round(reply.elapsedTime * 1000) / 1000,
      },
      'request completed',
    )
  })
}

// Node refuses header values outside Latin-1; such names go out percent-encoded.
function headerSafe(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : encodeURIComponent(text)
}
