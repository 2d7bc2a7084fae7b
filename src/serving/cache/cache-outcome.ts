import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** How the cache answered a request: every row cached, none, or some. */
export type CacheOutcome = 'hit' | 'miss' | 'partial'

/** The response header carrying a request's `CacheOutcome`. */
const CACHE_HEADER = 'x-cache'

// Beside the request, as request-tags.ts keeps its tags: Fastify's request type is shared with the tracking server.
const outcomes = new WeakMap<FastifyRequest, CacheOutcome>()

/** Records how the cache answered `request`. */
export function tagCacheOutcome(request: FastifyRequest, outcome: CacheOutcome): void {
  outcomes.set(request, outcome)
}

/** How the cache answered `request`; undefined when it was not asked (caching off, an error first). */
export function cacheOutcomeOf(request: FastifyRequest): CacheOutcome | undefined {
  return outcomes.get(request)
}

/** The outcome of `found` rows out of `rows`. */
export function cacheOutcome(found: number, rows: number): CacheOutcome {
  if (found === 0) return 'miss'
  return found === rows ? 'hit' : 'partial'
}

/**
 * Adds `X-Cache: hit | miss | partial` to the response of every request the prediction cache
 * answered; requests it did not answer (caching off for the model, errors before the run) carry none.
 * Register it on the root app, before the routes, as `addRequestContext` is.
 */
export function cacheHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = outcomes.get(request)
    if (outcome !== undefined) reply.header(CACHE_HEADER, outcome)
  })
}
