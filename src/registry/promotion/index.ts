/**
 * The promotion gate: requirements such as `auc >= production.auc - 0.002`, parsed and checked against
 * the metrics of the candidate and the incumbent on the same data. Pure; `promote` (src/sdk) runs it.
 */

export { canonicalMetric, METRIC_NAMES, METRIC_SYNONYMS } from './metric-names.js'
export {
  checkRequirements,
  type GateSide,
  parseRequirements,
  promotionRefused,
  type RequirementOutcome,
} from './promotion-gate.js'
export {
  aliasesIn,
  type Comparator,
  compare,
  evaluateExpr,
  type MetricLookup,
  parseRequirement,
  type Requirement,
  type RequirementExpr,
} from './requirement.js'
