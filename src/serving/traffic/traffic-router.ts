import type { FastifyRequest } from 'fastify'
import type { OnnxFeed, OnnxResult } from '../../onnx/index.js'
import type { ModelVersion } from '../../registry/index.js'
import type { LoadedModel } from '../loaded-model.js'
import type { ModelSelector } from '../model-pool.js'
import type { RowBatch } from '../protocol/index.js'

/** Where one request goes: the version that answers it, and a challenger that sees a copy. */
export interface TrafficPlan {
  readonly primary: ModelSelector
  /** Mirrored asynchronously; its answer is recorded, never returned. */
  readonly shadow: ModelSelector | null
  /**
   * The arm the primary belongs to, for the `X-Traffic-Arm` header and logs: `primary` (where the
   * path points), `canary:<target>` (`canary:production`, `canary:v5`) or `pinned` (`X-Shipyard-Version`).
   */
  readonly arm: string
}

/** A request the primary answered, handed to its shadow. */
export interface MirroredRequest {
  readonly requestId: string
  /** The version that answered, its results (one row per request row) and how long its rows took. */
  readonly primary: {
    readonly version: ModelVersion
    readonly results: Readonly<Record<string, OnnxResult>>
    readonly seconds: number
  }
  /**
   * The request's rows as feeds for another version: decoded and checked against that version's
   * signature, so a shadow with other inputs fails on its own. Throws what decoding throws.
   */
  feedsFor(model: LoadedModel): Readonly<Record<string, OnnxFeed>>
  /** The request's rows as decoded, for the prediction log's shadow records. */
  readonly rows: RowBatch
}

/** A shadow's answer to a mirrored request (or its failure), as the prediction log records it. */
export interface ShadowAnswer {
  readonly request: MirroredRequest
  /** The shadow version that ran. */
  readonly model: LoadedModel
  readonly selector: ModelSelector
  /** When the shadow started, epoch ms, and how long its rows took. */
  readonly time: number
  readonly seconds: number
  readonly results?: Readonly<Record<string, OnnxResult>>
  readonly error?: { readonly code: string; readonly message: string }
}

/**
 * Decides which version answers a request for a model (canary weights, pinning by header) and which
 * one shadows it, and runs the shadows.
 */
export interface TrafficRouter {
  /** Where `request`, addressed to `selector` by its path, goes. Throws for a bad pinning header. */
  plan(request: FastifyRequest, selector: ModelSelector): TrafficPlan
  /**
   * Hands a request the primary answered to the plan's shadow, once the primary's answer is ready.
   * Returns at once and never throws: the shadow runs later, and the request never waits for it.
   */
  mirror(plan: TrafficPlan, request: MirroredRequest): void
}
