import type { FastifyInstance } from 'fastify'
import { validateModelName } from '../../registry/index.js'
import { modelPolicyJson, parseModelPolicy } from '../config/policy-json.js'
import type { ServingSettings } from '../config/serving-settings.js'
import type { ModelPool } from '../model-pool.js'
import { loadPolicyTargets } from '../traffic/policy-targets.js'
import type { PolicyTrafficRouter } from '../traffic/policy-traffic-router.js'
import type { ShadowComparison } from '../traffic/shadow-comparison.js'
import { readBodiesAsJson } from './json-body.js'

/** What the control API reads and changes. */
export interface ControlRouteDeps {
  readonly settings: ServingSettings
  readonly traffic: Pick<PolicyTrafficRouter, 'shadowHistory'>
  /** Loads a new policy's targets before it takes effect; lists the routes' models. */
  readonly pool: Pick<ModelPool, 'withModel' | 'routes'>
}

type Params = { name: string }

/**
 * The control API, changing policies while the server runs (no restart; the next request follows
 * the new policy). Unauthenticated: bind the server to a private interface, or let only the load
 * balancer's trusted side reach `/control/`.
 *
 * - `GET /control/models`: `{models: {<name>: policy}, shadowing}` for every model served or given
 *   a policy, in the config file's shape
 * - `GET /control/models/{name}`: the model's policy (the default one when it has none)
 * - `PUT /control/models/{name}`: replaces the policy with the body (absent keys take their
 *   defaults); every canary and shadow target is loaded first. 400 naming the field
 *   (`canary[1].weight`) for a bad policy or a target that cannot be served; the policy in force is
 *   then unchanged. Answers the new policy.
 * - `DELETE /control/models/{name}/traffic`: no canary, no shadow, default sticky header and
 *   pinning (the cache switch stays); answers the policy left
 * - `GET /control/models/{name}/shadow`: the shadow's counts and its last comparisons, newest first
 */
export function controlRoutes(deps: ControlRouteDeps) {
  const { settings } = deps
  return async (scope: FastifyInstance) => {
    readBodiesAsJson(scope)
    const config = { endpoint: 'control' }
    scope.get('/control/models', { config }, async () => ({
      models: Object.fromEntries(
        modelNames(deps).map((name) => [name, modelPolicyJson(settings.policy(name))]),
      ),
      shadowing: settings.shadowLimits,
    }))
    scope.get<{ Params: Params }>('/control/models/:name', { config }, async (request) =>
      modelPolicyJson(settings.policy(validateModelName(request.params.name))),
    )
    scope.put<{ Params: Params }>('/control/models/:name', { config }, async (request) => {
      const name = validateModelName(request.params.name)
      const policy = parseModelPolicy(request.body)
      await loadPolicyTargets(deps.pool, name, policy)
      const json = modelPolicyJson(settings.update(name, policy))
      request.log.info({ model: name, policy: json }, `policy of ${name} replaced`)
      return json
    })
    scope.delete<{ Params: Params }>('/control/models/:name/traffic', { config }, async (request) => {
      const name = validateModelName(request.params.name)
      const json = modelPolicyJson(settings.clearTraffic(name))
      request.log.info({ model: name, policy: json }, `traffic policy of ${name} cleared`)
      return json
    })
    scope.get<{ Params: Params }>('/control/models/:name/shadow', { config }, async (request) => {
      const name = validateModelName(request.params.name)
      const { counts, comparisons } = deps.traffic.shadowHistory(name)
      return {
        model: name,
        shadow: modelPolicyJson(settings.policy(name)).shadow,
        counts: {
          ok: counts.ok,
          error: counts.error,
          dropped: counts.dropped,
          rows: counts.rows,
          agreed_rows: counts.agreedRows,
        },
        comparisons: comparisons.map(comparisonJson),
      }
    })
  }
}

// The routes' models first, in their order, then the others with a policy of their own.
function modelNames(deps: ControlRouteDeps): string[] {
  return [...new Set([...deps.pool.routes().map((route) => route.name), ...deps.settings.models().keys()])]
}

function comparisonJson(comparison: ShadowComparison) {
  return {
    request_id: comparison.requestId,
    at: comparison.at,
    rows: comparison.rows,
    agreed_rows: comparison.agreedRows,
    primary: comparison.primary,
    shadow: comparison.shadow,
    error: comparison.error,
  }
}
