import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ShipyardError } from '../shared/index.js'
import { type RequestPart, schemaViolation } from './request-validation.js'

/**
 * The server's error handler: every failure leaves as an `ErrorBody` with its registered status.
 *
 * A `ShipyardError` renders itself. What Fastify refuses before a handler runs (validation, bad or
 * empty JSON, a body over the limit, an unknown content type) is the client's fault and becomes a
 * 400 naming what to fix, never a 500. Anything else is a bug: it is logged with its stack and
 * answered with a bare `INTERNAL_ERROR` that points at the log by request id.
 */
export function renderError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const known = error instanceof ShipyardError ? error : fromFastify(error as FastifyError, request)
  if (known !== undefined) {
    if (known.status >= 500) request.log.error({ err: error }, known.message)
    else request.log.info({ code: known.code }, known.message)
    reply.code(known.status).send(known.toBody())
    return
  }
  request.log.error({ err: error }, `unexpected error in ${request.method} ${request.routeOptions.url ?? ''}`)
  const internal = new ShipyardError(
    'INTERNAL_ERROR',
    `internal error (request ${request.id}); the server log has the details`,
    { details: { requestId: request.id } },
  )
  reply.code(internal.status).send(internal.toBody())
}

/** `ENDPOINT_NOT_FOUND` for a request no route matches, naming the method and path. */
export function renderNotFound(request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?', 1)[0] ?? request.url
  const error = new ShipyardError(
    'ENDPOINT_NOT_FOUND',
    `no endpoint ${request.method} ${path}; the native API is described at /api/v1/openapi.json`,
    { details: { method: request.method, path } },
  )
  reply.code(error.status).send(error.toBody())
}

// The request errors Fastify raises itself, translated; undefined for anything else.
function fromFastify(error: FastifyError, request: FastifyRequest): ShipyardError | undefined {
  if (Array.isArray(error.validation)) {
    return schemaViolation(error.validation, (error.validationContext ?? 'body') as RequestPart)
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('the request body is not valid JSON (or holds a __proto__ or constructor key)')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest(
        'the request body is empty but its content-type is application/json; send {} or no content-type',
      )
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit
      return new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `the request body is over the ${limit}-byte limit of this endpoint`,
        {
          details: { field: 'body', limit },
        },
      )
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return badRequest(
        `content-type '${request.headers['content-type'] ?? ''}' is not accepted here; send application/json (artifact content: application/octet-stream)`,
      )
  }
  const status = error.statusCode ?? 500
  return status >= 400 && status < 500 ? badRequest(error.message) : undefined
}

function badRequest(message: string): ShipyardError {
  return new ShipyardError('BAD_REQUEST', message)
}
