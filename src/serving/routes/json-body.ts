import type { FastifyInstance } from 'fastify'

/**
 * Reads every request body in `scope` as JSON whatever its Content-Type says, as TF-Serving and
 * KServe do (`curl -d` sends `application/x-www-form-urlencoded`). Fastify's own JSON parser does the
 * work, so `__proto__` keys are refused and bad JSON is a 400.
 */
export function readBodiesAsJson(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('*', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'))
}
