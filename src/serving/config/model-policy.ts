import type { ModelRef } from '../../registry/index.js'
import { invalidValue } from '../../shared/index.js'

/** One arm of a canary: a version or alias of the model, and its share of the traffic in percent. */
export interface CanaryArm {
  readonly target: ModelRef
  readonly weight: number
}

/** A challenger mirrored asynchronously, and how far a regressor's answer may be off and still agree. */
export interface ShadowPolicy {
  readonly target: ModelRef
  /** Largest absolute difference between two regression predictions that still agree; default 0. */
  readonly tolerance: number
}

/**
 * How one served model's traffic is routed, and whether its rows may come from the prediction cache.
 * Immutable: `ServingSettings.update` replaces a model's policy whole, so a request reads one
 * consistent policy.
 */
export interface ModelPolicy {
  /** Arms whose weights add up to 100; empty: requests go where their path points. */
  readonly canary: readonly CanaryArm[]
  readonly shadow: ShadowPolicy | null
  /** Lower-case header whose value keeps one caller on one canary arm. */
  readonly stickyHeader: string
  /** Whether `X-Shipyard-Version` may pick the version of a request to the model's default route. */
  readonly pinning: boolean
  /** Whether the prediction cache may answer this model's rows. */
  readonly cache: boolean
  /** Share of this model's requests the prediction log keeps (0..1), whole requests by request id. */
  readonly logSampleRate: number
}

/** The sticky header when a policy names none. */
const DEFAULT_STICKY_HEADER = 'x-user-id'

/** The policy of a model the settings do not name: no canary, no shadow, pinning on, cache on, every request logged. */
export const DEFAULT_POLICY: ModelPolicy = {
  canary: [],
  shadow: null,
  stickyHeader: DEFAULT_STICKY_HEADER,
  pinning: true,
  cache: true,
  logSampleRate: 1,
}

// What canary weights must add up to; a little slack for weights like 33.3 + 33.3 + 33.4.
const FULL_WEIGHT = 100
const WEIGHT_SLACK = 1e-9
// RFC 9110's token: the characters a header name may hold.
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/

/** How a target is named in messages and in the `X-Traffic-Arm` header: `production`, `v5`. */
export function formatTarget(target: ModelRef): string {
  return target.kind === 'alias' ? target.alias : `v${target.version}`
}

/** True when two targets name the same alias or the same version. */
export function sameTarget(a: ModelRef, b: ModelRef): boolean {
  return formatTarget(a) === formatTarget(b)
}

/**
 * Checks what the types cannot: canary weights from 0 to 100 adding up to 100, arms naming distinct
 * targets, a finite tolerance of at least 0, a sticky header that is a header name. Fields are named
 * as in the config file, after `at` (`models.churn.`, or '' for a control API body):
 * `INVALID_PARAMETER_VALUE` naming e.g. `models.churn.canary[1].weight`. Returns the policy.
 */
export function checkPolicy(policy: ModelPolicy, at = ''): ModelPolicy {
  checkCanary(policy.canary, `${at}canary`)
  const tolerance = policy.shadow?.tolerance ?? 0
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw invalidValue(`${at}shadow.tolerance`, `must be a number of at least 0, got ${tolerance}`)
  }
  if (!HEADER_NAME.test(policy.stickyHeader)) {
    throw invalidValue(
      `${at}sticky_header`,
      `'${policy.stickyHeader}' is not a header name (letters, digits and -, e.g. X-User-Id)`,
    )
  }
  return policy
}

function checkCanary(arms: readonly CanaryArm[], at: string): void {
  const seen = new Map<string, number>()
  arms.forEach((arm, i) => {
    if (!Number.isFinite(arm.weight) || arm.weight < 0 || arm.weight > FULL_WEIGHT) {
      throw invalidValue(`${at}[${i}].weight`, `must be a number from 0 to 100, got ${arm.weight}`)
    }
    const target = formatTarget(arm.target)
    const first = seen.get(target)
    if (first !== undefined) {
      throw invalidValue(
        `${at}[${i}].target`,
        `'${target}' is already arm ${first}; give each target one arm`,
      )
    }
    seen.set(target, i)
  })
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0)
  if (arms.length > 0 && Math.abs(total - FULL_WEIGHT) > WEIGHT_SLACK) {
    throw invalidValue(at, `the weights add up to ${total}; they must add up to 100`)
  }
}
