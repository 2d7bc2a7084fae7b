import type { FastifyRequest } from 'fastify'

// Beside the request, as request-tags.ts keeps its tags: Fastify's request type is shared with the tracking server.
const texts = new WeakMap<FastifyRequest, string>()

/** Keeps the text `request`'s body arrived as, for the prediction cache's whole-request memo. */
export function keepBodyText(request: FastifyRequest, text: string): void {
  texts.set(request, text)
}

/** The text `request`'s body arrived as; undefined when its route's parser did not keep it. */
export function bodyTextOf(request: FastifyRequest): string | undefined {
  return texts.get(request)
}
