import type { FastifyRequest } from 'fastify'
import type { ModelSelector } from '../model-pool.js'

/** Where one request goes: the version that answers it, and a challenger that sees a copy. */
export interface TrafficPlan {
  readonly primary: ModelSelector
  /** Mirrored asynchronously; its answer is recorded, never returned. */
  readonly shadow: ModelSelector | null
  /** The arm the primary belongs to, for metrics and logs: `primary`, `canary:<arm>`, `pinned`. */
  readonly arm: string
}

/**
 * Decides which version answers a request for a model (canary weights, pinning by header) and which
 * one shadows it. The default sends every request where its selector points.
 */
export interface TrafficRouter {
  plan(request: FastifyRequest, selector: ModelSelector): TrafficPlan
}

/** No policies: every request goes where its path points; nothing is mirrored. */
export const DIRECT_TRAFFIC: TrafficRouter = {
  plan: (_request, selector) => ({ primary: selector, shadow: null, arm: 'primary' }),
}
