import type { FastifyInstance } from 'fastify'
import { keepBodyText } from './request-body.js'

/**
 * Reads every request body in `scope` as JSON whatever its Content-Type says, as TF-Serving and
 * KServe do (`curl -d` sends `application/x-www-form-urlencoded`). Fastify's own JSON parser does the
 * work, so `__proto__` keys are refused and bad JSON is a 400. The text is kept too (`bodyTextOf`).
 */
export function readBodiesAsJson(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers()
  const parseJson = scope.getDefaultJsonParser('error', 'error')
  scope.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    keepBodyText(request, body as string)
    parseJson(request, body as string, done)
  })
}
