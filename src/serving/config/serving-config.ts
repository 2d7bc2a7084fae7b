import { closestMatch, invalidValue, readConfigFile } from '../../shared/index.js'
import type { ModelPolicy } from './model-policy.js'
import { parseModelPolicy } from './policy-json.js'
import { ServingSettings, type ShadowLimits } from './serving-settings.js'

const CONFIG_KEYS = ['models', 'shadowing'] as const
const SHADOWING_KEYS = ['concurrency', 'queue', 'history'] as const

/**
 * Reads a serving config file (`shipyard serve --config serving.yaml`), YAML or JSON:
 *
 * ```yaml
 * models:
 *   churn:
 *     canary: [{ target: production, weight: 90 }, { target: 5, weight: 10 }]
 *     shadow: { target: staging, tolerance: 0.01 }
 *     sticky_header: X-User-Id
 *     pinning: true
 *     cache: false
 * shadowing: { concurrency: 2, queue: 64, history: 100 }
 * ```
 *
 * `RESOURCE_DOES_NOT_EXIST` for a file it cannot read; `INVALID_PARAMETER_VALUE` for bad YAML (naming
 * the line and column) or a bad setting (naming the file and the field, `models.churn.canary[1].weight`).
 */
export function readServingConfig(path: string): ServingSettings {
  return readConfigFile(path, 'the serving config', parseServingConfig)
}

/** The settings a config file's parsed content describes; `readServingConfig` without the file. */
export function parseServingConfig(json: unknown): ServingSettings {
  const config = mappingOf(json ?? {}, 'config', CONFIG_KEYS)
  const models: Record<string, ModelPolicy> = {}
  for (const [name, policy] of Object.entries(mappingOf(config.models ?? {}, 'models'))) {
    models[name] = parseModelPolicy(policy ?? {}, `models.${name}.`)
  }
  const shadowing = mappingOf(config.shadowing ?? {}, 'shadowing', SHADOWING_KEYS)
  return new ServingSettings({ models, shadowLimits: shadowing as Partial<ShadowLimits> })
}

function mappingOf<K extends string>(
  value: unknown,
  field: string,
  keys?: readonly K[],
): Partial<Record<K, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue(
      field,
      keys ? `must be a mapping of ${keys.join(', ')}` : 'must be a mapping by model name',
    )
  }
  for (const key of Object.keys(value)) {
    if (keys && !(keys as readonly string[]).includes(key)) {
      const guess = closestMatch(key, keys)
      const prefix = field === 'config' ? '' : `${field}.`
      throw invalidValue(
        `${prefix}${key}`,
        `unknown setting${guess ? ` (did you mean '${guess}'?)` : ''}; the settings are ${keys.join(', ')}`,
      )
    }
  }
  return value as Partial<Record<K, unknown>>
}
