import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ShipyardError } from '../../shared/index.js'

/**
 * Turns anything a request can fail with into the `ShipyardError` an MLflow client should see:
 * our own errors as they are; Fastify's body errors as MLflow words them (a body over the limit is
 * `INVALID_PARAMETER_VALUE`, as MLflow's 1 MB log-batch check is; unparsable JSON is `BAD_REQUEST`);
 * any other client error as `BAD_REQUEST`; everything else as a bare `INTERNAL_ERROR` that leaks
 * neither message nor stack.
 */
export function toMlflowError(
  error: unknown,
  request: Pick<FastifyRequest, 'headers' | 'id' | 'routeOptions'>,
): ShipyardError {
  if (error instanceof ShipyardError) return error
  const fastifyError = error as Partial<FastifyError> | null
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLarge(request)
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ShipyardError(
        'BAD_REQUEST',
        `Malformed request: the body is not valid JSON (${fastifyError.message})`,
      )
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ShipyardError(
        'BAD_REQUEST',
        `Unsupported content type '${request.headers['content-type'] ?? ''}'; MLflow requests must be application/json`,
      )
    case 'FST_ERR_VALIDATION':
      // Only reached when a host compiler, not ours, validated the request.
      return new ShipyardError('INVALID_PARAMETER_VALUE', fastifyError.message ?? 'invalid request')
  }
  const status = fastifyError?.statusCode
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    typeof fastifyError?.message === 'string'
  ) {
    return new ShipyardError('BAD_REQUEST', fastifyError.message)
  }
  return new ShipyardError('INTERNAL_ERROR', `Internal server error (request ${request.id})`, {
    details: { requestId: request.id },
  })
}

/** The plugin's error handler: every failure as MLflow's `{error_code, message}` with MLflow's status. */
export function mlflowErrorHandler(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const wire = toMlflowError(error, request)
  if (wire.status >= 500) request.log.error({ err: error }, 'MLflow API request failed')
  return reply.status(wire.status).send(wire.toBody())
}

/** The plugin's not-found handler: an unknown path or method under the prefix is MLflow's `ENDPOINT_NOT_FOUND`. */
export function mlflowNotFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? request.url
  const error = new ShipyardError('ENDPOINT_NOT_FOUND', `No MLflow endpoint ${request.method} ${path}`, {
    details: { method: request.method, path },
  })
  return reply.status(error.status).send(error.toBody())
}

function bodyTooLarge(request: Pick<FastifyRequest, 'headers' | 'routeOptions'>): ShipyardError {
  const limit = request.routeOptions.bodyLimit
  const size = Number(request.headers['content-length'])
  const got = Number.isFinite(size) ? `, got a request of size ${size}` : ''
  return new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `Requests to this endpoint must be at most ${limit} bytes${got}.`,
    {
      details: { field: 'body', limit },
    },
  )
}
