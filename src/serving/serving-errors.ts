import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ShipyardError } from '../shared/index.js'
import { tagError } from './request-tags.js'

/**
 * The inference server's error handler: every failure leaves as an `ErrorBody` with its registered
 * status. What Fastify refuses before a handler runs is the client's fault: bad JSON 400, a body over
 * the limit 413, an unreadable content type 415. Anything else unexpected is logged with its stack and
 * answered 500 `INTERNAL_ERROR` naming the request id to look for in the log.
 */
export function renderServingError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = error instanceof ShipyardError ? error : fromFastify(error as FastifyError, request)
  const shown =
    known ??
    new ShipyardError(
      'INTERNAL_ERROR',
      `internal error (request ${request.id}); the server log has the details`,
      {
        details: { requestId: request.id },
      },
    )
  if (shown.status >= 500) request.log.error({ err: error }, shown.message)
  else request.log.info({ code: shown.code }, shown.message)
  tagError(request, shown.code, shown.message)
  reply.code(shown.status).send(shown.toBody())
}

/** `ENDPOINT_NOT_FOUND` naming the method and path, and where the endpoints are listed. */
export function renderServingNotFound(request: FastifyRequest, reply: FastifyReply): void {
  renderServingError(endpointNotFound(request), request, reply)
}

/** `ENDPOINT_NOT_FOUND` for a request no route answers, saying where predictions go. */
export function endpointNotFound(request: FastifyRequest): ShipyardError {
  const path = request.url.split('?', 1)[0] ?? request.url
  return new ShipyardError(
    'ENDPOINT_NOT_FOUND',
    `no endpoint ${request.method} ${path}; predictions go to /v1/models/{name}:predict, /v2/models/{name}/infer or /invocations`,
    { details: { method: request.method, path } },
  )
}

function fromFastify(error: FastifyError, request: FastifyRequest): ShipyardError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('the request body is not valid JSON (or holds a __proto__ or constructor key)')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest('the request body is empty; send a JSON object')
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit
      return new ShipyardError(
        'SHIPYARD_PAYLOAD_TOO_LARGE',
        `the request body is over this server's ${limit}-byte limit: split the request`,
        { details: { field: 'body', limit } },
      )
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ShipyardError(
        'SHIPYARD_UNSUPPORTED_MEDIA_TYPE',
        `content-type '${request.headers['content-type'] ?? ''}' is not accepted here`,
        { details: { field: 'Content-Type' } },
      )
  }
  const status = error.statusCode ?? 500
  return status >= 400 && status < 500 ? badRequest(error.message) : undefined
}

function badRequest(message: string): ShipyardError {
  return new ShipyardError('BAD_REQUEST', message, { details: { field: 'body' } })
}
