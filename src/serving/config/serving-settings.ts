import { validateModelName } from '../../registry/index.js'
import { invalidValue } from '../../shared/index.js'
import { checkPolicy, DEFAULT_POLICY, type ModelPolicy } from './model-policy.js'

/** How much shadow work the server takes on: fixed at start. */
export interface ShadowLimits {
  /** Shadow runs at once. */
  readonly concurrency: number
  /** Shadow requests waiting for a run; one more is dropped (and counted). */
  readonly queue: number
  /** Comparisons kept per model for the control API. */
  readonly history: number
}

/** Two shadow runs at once, 64 waiting, the last 100 comparisons of each model. */
export const DEFAULT_SHADOW_LIMITS: ShadowLimits = { concurrency: 2, queue: 64, history: 100 }

/** What a `ServingSettings` starts with. */
export interface ServingSettingsInit {
  readonly models?: Readonly<Record<string, ModelPolicy>>
  readonly shadowLimits?: Partial<ShadowLimits>
}

/**
 * The serving policies in force: each model's traffic policy (canary, shadow, sticky header,
 * pinning) and cache switch, plus the shadow limits. The traffic router reads it on every request and
 * the prediction cache asks `cacheEnabled`, so `update` takes effect from the next request on, with no
 * restart. A model it does not name has `DEFAULT_POLICY`. Policies are immutable values, replaced
 * whole; reading and updating are synchronous, so a request sees either the old policy or the new one.
 *
 * @example
 * const settings = new ServingSettings()
 * settings.update('churn', { canary: [
 *   { target: { kind: 'alias', alias: 'production' }, weight: 90 },
 *   { target: { kind: 'version', version: 5 }, weight: 10 },
 * ] })
 * settings.cacheEnabled('churn') // true
 */
export class ServingSettings {
  readonly shadowLimits: ShadowLimits
  readonly #policies = new Map<string, ModelPolicy>()

  constructor(init: ServingSettingsInit = {}) {
    this.shadowLimits = checkShadowLimits({ ...DEFAULT_SHADOW_LIMITS, ...init.shadowLimits })
    for (const [model, policy] of Object.entries(init.models ?? {})) {
      this.#policies.set(validateModelName(model, `models.${model}`), checkPolicy(policy, `models.${model}.`))
    }
  }

  /** The policy of `model`: its own, or `DEFAULT_POLICY`. */
  policy(model: string): ModelPolicy {
    return this.#policies.get(model) ?? DEFAULT_POLICY
  }

  /** Whether the prediction cache may answer `model`'s rows (`cache:` in its policy; default true). */
  readonly cacheEnabled = (model: string): boolean => this.policy(model).cache
  /** Share of `model`'s requests the prediction log keeps (`log_sample_rate:`; default 1). */
  readonly logSampleRate = (model: string): number => this.policy(model).logSampleRate

  /**
   * Replaces the fields of `model`'s policy that `patch` gives, keeping the others; returns the new
   * policy. `INVALID_PARAMETER_VALUE` naming the field (`canary[1].weight`, `sticky_header`) when the
   * result is not a valid policy; the policy in force is then unchanged.
   */
  update(model: string, patch: Partial<ModelPolicy>): ModelPolicy {
    validateModelName(model, 'name')
    const policy = checkPolicy({ ...this.policy(model), ...patch })
    this.#policies.set(model, policy)
    return policy
  }

  /**
   * Takes away `model`'s canary and shadow, and resets its sticky header and pinning; keeps `cache` and
   * `log_sample_rate`.
   */
  clearTraffic(model: string): ModelPolicy {
    const { cache, logSampleRate } = this.policy(model)
    return this.update(model, { ...DEFAULT_POLICY, cache, logSampleRate })
  }

  /** The models with a policy of their own, by name. */
  models(): ReadonlyMap<string, ModelPolicy> {
    return this.#policies
  }
}

function checkShadowLimits(limits: ShadowLimits): ShadowLimits {
  const least = { concurrency: 1, queue: 0, history: 0 } as const
  for (const key of Object.keys(least) as (keyof ShadowLimits)[]) {
    const value = limits[key]
    if (!Number.isSafeInteger(value) || value < least[key]) {
      throw invalidValue(`shadowing.${key}`, `must be a whole number of at least ${least[key]}, got ${value}`)
    }
  }
  return limits
}
