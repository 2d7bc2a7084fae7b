import { randomInt } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Registry } from 'prom-client'
import type { ModelRef } from '../../registry/index.js'
import { Random } from '../../shared/index.js'
import { formatTarget, type ModelPolicy, sameTarget } from '../config/model-policy.js'
import { parseTarget } from '../config/policy-json.js'
import type { ServingSettings } from '../config/serving-settings.js'
import type { ModelPool, ModelSelector } from '../model-pool.js'
import type { ServingLog } from '../serving-log.js'
import { targetSelector } from './policy-targets.js'
import { ShadowMetrics } from './shadow-metrics.js'
import { type ShadowHistory, ShadowMirror } from './shadow-mirror.js'
import { stickyPoint } from './sticky-point.js'
import type { MirroredRequest, ShadowAnswer, TrafficPlan, TrafficRouter } from './traffic-router.js'

/** The header that pins a request to a version or alias, when the model's policy allows it. */
const PIN_HEADER = 'x-shipyard-version'

/** The arm of a request that went where its path points. */
const PRIMARY_ARM = 'primary'

/** What a router needs of a request: its headers. */
export interface TrafficRequest {
  readonly headers: IncomingHttpHeaders
}

/** Options of a `PolicyTrafficRouter`. */
export interface PolicyTrafficRouterOptions {
  readonly settings: ServingSettings
  /** Where shadows lease their versions. */
  readonly pool: Pick<ModelPool, 'withModel'>
  /** The server's Prometheus registry, for the shadow metrics. */
  readonly metrics: Registry
  readonly log?: ServingLog
  /** Seeds the split of requests without a sticky key (tests); default: a random seed. */
  readonly seed?: number
  /** Told of every shadow answer, for the prediction log. */
  readonly onShadowAnswer?: (answer: ShadowAnswer) => void
}

/**
 * Routes each request by its model's policy in `settings`, read afresh for every request:
 *
 * - a request addressed to a version or an alias by its path (`/versions/5`, `/labels/staging`) goes
 *   there: never rerouted, never mirrored;
 * - to the model's default route (`/v1/models/{name}:predict`, `/v2/models/{name}/infer`,
 *   `/invocations`): `X-Shipyard-Version: 5` (or `v5`, or an alias) pins it when the policy allows
 *   pinning; else a canary picks an arm by weight, by the sticky header's value hashed with the model
 *   name (one caller, one arm) or at random when the request has none; else it goes to the route;
 * - and a shadow policy mirrors it to its challenger, unless the challenger is the arm that answered.
 */
export class PolicyTrafficRouter implements TrafficRouter {
  readonly #shadows: ShadowMirror
  readonly #settings: ServingSettings
  readonly #random: Random

  constructor(options: PolicyTrafficRouterOptions) {
    this.#settings = options.settings
    this.#random = new Random(options.seed ?? randomInt(2 ** 47))
    this.#shadows = new ShadowMirror({
      pool: options.pool,
      limits: options.settings.shadowLimits,
      metrics: new ShadowMetrics(options.metrics),
      log: options.log,
      onAnswer: options.onShadowAnswer,
    })
  }

  /** `INVALID_PARAMETER_VALUE` naming `X-Shipyard-Version` when that header names no version or alias. */
  plan(request: TrafficRequest, selector: ModelSelector): TrafficPlan {
    if (selector.kind !== 'default') return { primary: selector, shadow: null, arm: PRIMARY_ARM }
    const { name } = selector
    const policy = this.#settings.policy(name)
    const pinned = policy.pinning ? pinnedTarget(request.headers) : null
    const arm = pinned ?? this.#canaryArm(policy, request.headers, name)
    const shadow =
      policy.shadow && !(arm && sameTarget(arm, policy.shadow.target)) ? policy.shadow.target : null
    return {
      primary: arm ? targetSelector(name, arm) : selector,
      shadow: shadow && targetSelector(name, shadow),
      arm: pinned ? 'pinned' : arm ? `canary:${formatTarget(arm)}` : PRIMARY_ARM,
    }
  }

  mirror(plan: TrafficPlan, request: MirroredRequest): void {
    if (plan.shadow === null) return
    const model = plan.primary.name
    const tolerance = this.#settings.policy(model).shadow?.tolerance ?? 0
    this.#shadows.submit({ model, shadow: plan.shadow, tolerance, request })
  }

  /** What `model`'s shadow traffic did so far. */
  shadowHistory(model: string): ShadowHistory {
    return this.#shadows.history(model)
  }

  /** Stops taking shadow requests and waits for those running. */
  close(): Promise<void> {
    return this.#shadows.close()
  }

  #canaryArm(policy: ModelPolicy, headers: IncomingHttpHeaders, model: string): ModelRef | null {
    if (policy.canary.length === 0) return null
    const key = firstValue(headers[policy.stickyHeader])
    let point = key ? stickyPoint(key, model) : this.#random.nextFloat()
    for (const arm of policy.canary) {
      point -= arm.weight / 100
      if (point < 0) return arm.target
    }
    // Rounding can leave a point a hair above the last boundary: it belongs to the last arm with weight.
    return policy.canary.findLast((arm) => arm.weight > 0)!.target
  }
}

function pinnedTarget(headers: IncomingHttpHeaders): ModelRef | null {
  const value = firstValue(headers[PIN_HEADER])?.trim()
  return value ? parseTarget(value, 'X-Shipyard-Version') : null
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
