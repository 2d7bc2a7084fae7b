import { invalidValue, ShipyardError } from '../../shared/index.js'
import { metricKind } from './metric-names.js'
import {
  aliasesIn,
  compare,
  evaluateExpr,
  parseRequirement,
  type Requirement,
  type RequirementExpr,
} from './requirement.js'

/** One side of a promotion: an alias, the version it names and that version's metrics on the data. */
export interface GateSide {
  readonly alias: string
  /** Null: the alias points at no version yet (a first promotion), so there are no metrics either. */
  readonly version: number | null
  readonly metrics: Readonly<Record<string, number>> | null
}

/** How one requirement fared: both sides' values, or why it could not be checked. */
export interface RequirementOutcome {
  readonly requirement: string
  readonly passed: boolean
  /** Null when the side reads an alias that points at no version. */
  readonly left: number | null
  readonly right: number | null
  /** Set when the requirement could not be checked. */
  readonly reason?: string
}

/**
 * Parses the requirements of a promotion from alias `from` (the candidate) to alias `to` (the
 * incumbent): at least one, each reading bare metrics (the candidate's) or `<from>.<metric>` /
 * `<to>.<metric>`. Throws `INVALID_PARAMETER_VALUE` as `parseRequirement` does.
 */
export function parseRequirements(texts: readonly string[], from: string, to: string): Requirement[] {
  if (texts.length === 0) {
    throw invalidValue('requirements', `give at least one, e.g. "auc >= ${to}.auc - 0.002"`)
  }
  return texts.map((text) => parseRequirement(text, [from, to]))
}

/**
 * Checks each requirement against the two sides' metrics. A requirement that reads the incumbent
 * when it has no version fails with a `reason` (so a first promotion passes only with requirements
 * on the candidate alone). Throws `INVALID_PARAMETER_VALUE` when a requirement names a metric the
 * model's task does not report (`rmse` of a classifier), listing the ones it has.
 */
export function checkRequirements(
  requirements: readonly Requirement[],
  candidate: GateSide,
  incumbent: GateSide,
): RequirementOutcome[] {
  const lookup = (alias: string | null, metric: string): number => {
    const side = alias === null || alias === candidate.alias.toLowerCase() ? candidate : incumbent
    return metricOf(side, metric)
  }
  const unset = incumbent.metrics === null ? incumbent.alias.toLowerCase() : undefined
  return requirements.map((requirement) => {
    const value = (expr: RequirementExpr) =>
      unset !== undefined && aliasesIn(expr).includes(unset) ? null : evaluateExpr(expr, lookup)
    const left = value(requirement.left)
    const right = value(requirement.right)
    if (left === null || right === null) {
      return {
        requirement: requirement.text,
        passed: false,
        left,
        right,
        reason: `'${incumbent.alias}' points at no version yet; only requirements on the candidate alone can pass`,
      }
    }
    return {
      requirement: requirement.text,
      passed: compare(requirement.comparator, left, right),
      left,
      right,
    }
  })
}

function metricOf(side: GateSide, metric: string): number {
  const value = side.metrics?.[metric]
  if (value !== undefined) return value
  const available = Object.keys(side.metrics ?? {}).join(', ')
  throw invalidValue(
    'requirements',
    `'${metric}' is a ${metricKind(metric)} metric, and version ${side.version} ('${side.alias}') reports ` +
      `only ${available}`,
  )
}

/**
 * `SHIPYARD_PROMOTION_REFUSED` for a promotion whose requirements did not all hold: one line listing
 * each failed requirement with both values (or why it could not be checked); `details.failed` holds
 * the outcomes.
 *
 * @example
 * // promotion of 'churn' version 3 ('staging') to 'production' refused: 1 of 2 requirements failed:
 * // auc >= production.auc - 0.002 (left 0.8812, right 0.8881)
 */
export function promotionRefused(
  model: string,
  candidate: GateSide,
  to: string,
  outcomes: readonly RequirementOutcome[],
): ShipyardError {
  const failed = outcomes.filter((outcome) => !outcome.passed)
  const described = failed.map(
    (o) => `${o.requirement} (${o.reason ?? `left ${formatValue(o.left)}, right ${formatValue(o.right)}`})`,
  )
  return new ShipyardError(
    'SHIPYARD_PROMOTION_REFUSED',
    `promotion of '${model}' version ${candidate.version} ('${candidate.alias}') to '${to}' refused: ` +
      `${failed.length} of ${outcomes.length} requirement${outcomes.length === 1 ? '' : 's'} failed: ${described.join('; ')}`,
    { details: { model, from: candidate.alias, to, version: candidate.version, failed } },
  )
}

function formatValue(value: number | null): string {
  return value === null ? 'none' : String(Number(value.toPrecision(6)))
}
