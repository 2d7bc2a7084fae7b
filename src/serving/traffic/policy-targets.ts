import type { ModelRef } from '../../registry/index.js'
import { invalidValue } from '../../shared/index.js'
import { formatTarget, type ModelPolicy } from '../config/model-policy.js'
import type { ServingSettings } from '../config/serving-settings.js'
import type { ModelPool, ModelSelector } from '../model-pool.js'
import type { ServingLog } from '../serving-log.js'

/** The pool selector of a policy's target of model `name`. */
export function targetSelector(name: string, target: ModelRef): ModelSelector {
  return target.kind === 'alias'
    ? { name, kind: 'alias', alias: target.alias }
    : { name, kind: 'version', version: target.version }
}

/**
 * Loads every version a model's policy sends traffic to (canary arms, shadow) through the pool, so
 * that a target which does not exist or cannot be loaded is refused before any request goes to it,
 * and the first requests find it warm. `INVALID_PARAMETER_VALUE` naming the first such target's field
 * after `at` (`canary[1].target`, `models.churn.shadow.target`) and why.
 */
export async function loadPolicyTargets(
  pool: Pick<ModelPool, 'withModel'>,
  name: string,
  policy: ModelPolicy,
  at = '',
): Promise<void> {
  const targets: [string, ModelRef][] = policy.canary.map((arm, i) => [
    `${at}canary[${i}].target`,
    arm.target,
  ])
  if (policy.shadow) targets.push([`${at}shadow.target`, policy.shadow.target])
  for (const [field, target] of targets) {
    try {
      await pool.withModel(targetSelector(name, target), async () => undefined)
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      throw invalidValue(field, `model '${name}' cannot serve '${formatTarget(target)}': ${why}`)
    }
  }
}

/**
 * `loadPolicyTargets` for every model the settings name (at start, for the config file's policies):
 * a target that cannot be loaded is logged naming its field, and requests routed to it fail until it
 * can; the other models' targets load regardless.
 */
export async function loadConfiguredTargets(
  pool: Pick<ModelPool, 'withModel'>,
  settings: ServingSettings,
  log: ServingLog,
): Promise<void> {
  for (const [name, policy] of settings.models()) {
    try {
      await loadPolicyTargets(pool, name, policy, `models.${name}.`)
    } catch (error) {
      log.error({ model: name, err: error }, (error as Error).message)
    }
  }
}
