import { type ModelRef, validateAlias } from '../../registry/index.js'
import { closestMatch, invalidValue } from '../../shared/index.js'
import {
  type CanaryArm,
  checkPolicy,
  DEFAULT_POLICY,
  type ModelPolicy,
  type ShadowPolicy,
} from './model-policy.js'

/** A policy as the config file and the control API write it: snake_case, targets `production` or `5`. */
export interface ModelPolicyJson {
  readonly canary: readonly { readonly target: string | number; readonly weight: number }[]
  readonly shadow: { readonly target: string | number; readonly tolerance: number } | null
  readonly sticky_header: string
  readonly pinning: boolean
  readonly cache: boolean
  readonly log_sample_rate: number
}

const POLICY_KEYS = ['canary', 'shadow', 'sticky_header', 'pinning', 'cache', 'log_sample_rate'] as const
const ARM_KEYS = ['target', 'weight'] as const
const SHADOW_KEYS = ['target', 'tolerance'] as const

/**
 * Reads a model's policy from its JSON (a config file's `models.<name>`, a control API body): every
 * key optional, absent ones take the defaults (no canary, no shadow, `X-User-Id`, pinning and cache on,
 * `log_sample_rate` 1).
 * `shadow` may be written as its target alone (`shadow: staging`). `INVALID_PARAMETER_VALUE` naming the
 * field after `at` (`models.churn.canary[1].weight`) for an unknown key, a wrong type or a bad value.
 */
export function parseModelPolicy(json: unknown, at = ''): ModelPolicy {
  const fields = objectOf(json, at, POLICY_KEYS)
  return checkPolicy(
    {
      canary: fields.canary === undefined ? DEFAULT_POLICY.canary : canaryOf(fields.canary, `${at}canary`),
      shadow: fields.shadow == null ? null : shadowOf(fields.shadow, `${at}shadow`),
      stickyHeader: (fields.sticky_header === undefined
        ? DEFAULT_POLICY.stickyHeader
        : stringOf(fields.sticky_header, `${at}sticky_header`)
      ).toLowerCase(),
      pinning:
        fields.pinning === undefined ? DEFAULT_POLICY.pinning : booleanOf(fields.pinning, `${at}pinning`),
      cache: fields.cache === undefined ? DEFAULT_POLICY.cache : booleanOf(fields.cache, `${at}cache`),
      logSampleRate:
        fields.log_sample_rate === undefined
          ? DEFAULT_POLICY.logSampleRate
          : shareOf(fields.log_sample_rate, `${at}log_sample_rate`),
    },
    at,
  )
}

/** The JSON of a policy, as `parseModelPolicy` reads it back. */
export function modelPolicyJson(policy: ModelPolicy): ModelPolicyJson {
  return {
    canary: policy.canary.map((arm) => ({ target: targetJson(arm.target), weight: arm.weight })),
    shadow: policy.shadow && { target: targetJson(policy.shadow.target), tolerance: policy.shadow.tolerance },
    sticky_header: policy.stickyHeader,
    pinning: policy.pinning,
    cache: policy.cache,
    log_sample_rate: policy.logSampleRate,
  }
}

/**
 * A version or alias of a model as written by people: `5`, `'5'` or `'v5'` is version 5; any other
 * string an alias (letters, digits, `_`, `-`; case does not matter). `INVALID_PARAMETER_VALUE` naming
 * `field` otherwise.
 */
export function parseTarget(value: unknown, field: string): ModelRef {
  if (typeof value === 'number' || (typeof value === 'string' && /^v?\d+$/i.test(value))) {
    const version = typeof value === 'number' ? value : Number(value.replace(/^v/i, ''))
    if (!Number.isSafeInteger(version) || version < 1) {
      throw invalidValue(field, `${JSON.stringify(value)} is not a version (1, 2, 3...) or an alias`)
    }
    return { kind: 'version', version }
  }
  if (typeof value !== 'string') {
    throw invalidValue(field, `must be a version number or an alias, got ${JSON.stringify(value)}`)
  }
  return { kind: 'alias', alias: validateAlias(value, field) }
}

function targetJson(target: ModelRef): string | number {
  return target.kind === 'alias' ? target.alias : target.version
}

function canaryOf(value: unknown, at: string): CanaryArm[] {
  if (!Array.isArray(value)) {
    throw invalidValue(
      at,
      'must be a list of arms, e.g. [{target: production, weight: 90}, {target: 5, weight: 10}]',
    )
  }
  return value.map((item, i) => {
    const arm = objectOf(item, `${at}[${i}].`, ARM_KEYS)
    const target = parseTarget(required(arm.target, `${at}[${i}].target`), `${at}[${i}].target`)
    return { target, weight: numberOf(required(arm.weight, `${at}[${i}].weight`), `${at}[${i}].weight`) }
  })
}

function shadowOf(value: unknown, at: string): ShadowPolicy {
  if (typeof value === 'string' || typeof value === 'number') {
    return { target: parseTarget(value, at), tolerance: 0 }
  }
  const shadow = objectOf(value, `${at}.`, SHADOW_KEYS)
  return {
    target: parseTarget(required(shadow.target, `${at}.target`), `${at}.target`),
    tolerance: shadow.tolerance === undefined ? 0 : numberOf(shadow.tolerance, `${at}.tolerance`),
  }
}

// `at` ends with the separator before a key ('models.churn.', 'canary[0].'), or is '' for a body.
function objectOf<K extends string>(
  value: unknown,
  at: string,
  keys: readonly K[],
): Partial<Record<K, unknown>> {
  const where = at.replace(/\.$/, '') || 'body'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue(where, `must be a mapping of ${keys.join(', ')}`)
  }
  for (const key of Object.keys(value)) {
    if (!(keys as readonly string[]).includes(key)) {
      const guess = closestMatch(key, keys)
      throw invalidValue(
        `${at}${key}`,
        `unknown setting${guess ? ` (did you mean '${guess}'?)` : ''}; the settings are ${keys.join(', ')}`,
      )
    }
  }
  return value as Partial<Record<K, unknown>>
}

function required(value: unknown, field: string): unknown {
  if (value === undefined) throw invalidValue(field, 'is required')
  return value
}

function numberOf(value: unknown, field: string): number {
  if (typeof value !== 'number') throw invalidValue(field, `must be a number, got ${JSON.stringify(value)}`)
  return value
}

function shareOf(value: unknown, field: string): number {
  const share = numberOf(value, field)
  if (!(share >= 0 && share <= 1)) throw invalidValue(field, `must be between 0 and 1, got ${share}`)
  return share
}

function stringOf(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalidValue(field, `must be a string, got ${JSON.stringify(value)}`)
  return value
}

function booleanOf(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean')
    throw invalidValue(field, `must be true or false, got ${JSON.stringify(value)}`)
  return value
}
