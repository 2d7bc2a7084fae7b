// Types only: the data and models contexts load DuckDB and onnxruntime, which the rest of the SDK
// (tracking alone) must not pay for; `promote` imports them when it runs.
import type { Dataset } from '../data/index.js'
import type { Evaluation } from '../models/index.js'
import {
  checkRequirements,
  type GateSide,
  type ModelRegistry,
  type ModelVersion,
  parseRequirements,
  type RequirementOutcome,
  validateAlias,
} from '../registry/index.js'
import { invalidValue } from '../shared/index.js'
import { LIMITS } from '../tracking/index.js'
import type { ActiveRun } from './active-run.js'
import type { Shipyard } from './shipyard.js'

/** What `promote` compares, on which data, and under which requirements. */
export interface PromoteOptions {
  /** The registered model. */
  readonly name: string
  /** The candidate: an alias (`staging`), `latest`, or a version (`3`, `v3`). */
  readonly from: string
  /** The alias to move to the candidate (`production`); it may point at no version yet. */
  readonly to: string
  /** Labelled data both versions are evaluated on (a holdout neither was trained on). */
  readonly data: Dataset
  /** The label column; default the candidate's signature's `target`. */
  readonly target?: string
  /** At least one, e.g. `auc >= production.auc - 0.002` (see `parseRequirement`). */
  readonly requirements: readonly string[]
  /** Where the promotion run is logged (created when new); default the Default experiment. */
  readonly experiment?: string
}

/** What a promotion found and did. */
export interface PromotionResult {
  /** Every requirement held. */
  readonly passed: boolean
  /** The alias now points at the candidate (false when refused, or when it pointed there already). */
  readonly moved: boolean
  /** Every requirement with both sides' values, in the order given. */
  readonly requirements: readonly RequirementOutcome[]
  /** Those that did not hold. */
  readonly failed: readonly RequirementOutcome[]
  /** The candidate's version, and the version `to` pointed at before (null: none). */
  readonly versions: { readonly from: number; readonly to: number | null }
  readonly metrics: { readonly from: Evaluation; readonly to: Evaluation | null }
  /** `fingerprintDataset` of the data. */
  readonly dataFingerprint: string
  /** The tracking run that logged the promotion. */
  readonly runId: string
}

/** The tag a promotion run carries: `passed` or `refused`. */
export const PROMOTION_OUTCOME_TAG = 'shipyard.promotion.outcome'

/**
 * The promotion gate: evaluates the candidate (`from`) and the version `to` points at on the same
 * data, checks every requirement, and moves `to` to the candidate only if all hold (alias history
 * reason `promote: <requirements>`). Either way the promotion is one tracking run: params (model,
 * aliases and versions, data fingerprint and rows, target, `requirement.<n>`), the metrics of both
 * prefixed `candidate_` and `incumbent_`, `promotion.json` (this result), and the tag
 * `shipyard.promotion.outcome`. When `to` points at no version yet, requirements that read it fail
 * (with a `reason`), so a first promotion passes only on requirements about the candidate alone.
 * A refusal is a result (`passed: false`), not an error; `promotionRefused` makes one of it.
 * Throws `INVALID_PARAMETER_VALUE` for a bad requirement, a reserved `to`, `to` equal to `from`, or a
 * metric the model does not report; `RESOURCE_DOES_NOT_EXIST` for an unknown model or `from`.
 *
 * @example
 * const result = await promote(shipyard, {
 *   name: 'churn', from: 'staging', to: 'production', data: holdout,
 *   requirements: ['auc >= production.auc - 0.002'],
 * })
 * if (!result.passed) console.log(result.failed)
 */
export async function promote(shipyard: Shipyard, options: PromoteOptions): Promise<PromotionResult> {
  const registry = shipyard.registry
  const to = validateAlias(options.to, 'to')
  if (options.from.toLowerCase() === to) throw invalidValue('to', `must differ from from ('${options.from}')`)
  const requirements = parseRequirements(options.requirements, options.from, to)
  const candidate = await registry.resolve(options.name, options.from)
  const incumbentVersion = (await registry.getModel(options.name)).aliases[to] ?? null
  const target = options.target ?? candidate.signature.target
  if (target === '') {
    throw invalidValue('target', `version ${candidate.version}'s signature names no target column; give one`)
  }
  const fromMetrics = await evaluateVersion(registry, candidate, options.data, target)
  const toMetrics =
    incumbentVersion === null
      ? null
      : incumbentVersion === candidate.version
        ? fromMetrics
        : await evaluateVersion(
            registry,
            await registry.getVersion(options.name, incumbentVersion),
            options.data,
            target,
          )
  const candidateSide: GateSide = {
    alias: options.from,
    version: candidate.version,
    metrics: fromMetrics.metrics,
  }
  const incumbentSide: GateSide = {
    alias: to,
    version: incumbentVersion,
    metrics: toMetrics?.metrics ?? null,
  }
  const outcomes = checkRequirements(requirements, candidateSide, incumbentSide)
  const { fingerprintDataset } = await import('../data/index.js')
  const found = {
    passed: outcomes.every((outcome) => outcome.passed),
    requirements: outcomes,
    failed: outcomes.filter((outcome) => !outcome.passed),
    versions: { from: candidate.version, to: incumbentVersion },
    metrics: { from: fromMetrics, to: toMetrics },
    dataFingerprint: fingerprintDataset(options.data),
  }
  return shipyard.withRun(
    {
      ...(options.experiment === undefined ? {} : { experimentName: options.experiment }),
      runName: `promote-${options.name}-v${candidate.version}-to-${to}`.slice(0, LIMITS.runNameLength),
    },
    async (run) => {
      await logPromotion(run, options, to, target, found)
      const moved = found.passed && incumbentVersion !== candidate.version
      if (moved) {
        await registry.setAlias(options.name, to, candidate.version, {
          reason: `promote: ${options.requirements.join('; ')}`,
        })
      }
      const result: PromotionResult = { ...found, moved, runId: run.runId }
      await run.logJson(result, 'promotion.json')
      return result
    },
  )
}

/** Metrics of one version's ONNX on the data, through the same runtime that serves it. */
async function evaluateVersion(
  registry: ModelRegistry,
  version: ModelVersion,
  data: Dataset,
  target: string,
): Promise<Evaluation> {
  const { OnnxModel } = await import('../models/index.js')
  const model = await OnnxModel.load(await registry.readModel(version.name, version.version))
  try {
    // A model exported elsewhere with one feature matrix says in its signature which columns fill it.
    const [only, ...others] = version.signature.inputs
    const features = others.length === 0 ? only?.columns : undefined
    return await model.evaluate(data, target, {
      task: version.signature.task,
      ...(features === undefined ? {} : { features }),
    })
  } finally {
    await model.release()
  }
}

async function logPromotion(
  run: ActiveRun,
  options: PromoteOptions,
  to: string,
  target: string,
  found: Omit<PromotionResult, 'moved' | 'runId'>,
): Promise<void> {
  await run.logParams({
    model: options.name,
    from: options.from,
    to,
    from_version: found.versions.from,
    to_version: found.versions.to ?? 'none',
    target,
    'data.fingerprint': found.dataFingerprint,
    'data.rows': options.data.rowCount,
    ...Object.fromEntries(options.requirements.map((text, i) => [`requirement.${i + 1}`, text])),
  })
  run.logMetrics(prefixed('candidate_', found.metrics.from.metrics))
  if (found.metrics.to) run.logMetrics(prefixed('incumbent_', found.metrics.to.metrics))
  await run.setTag(PROMOTION_OUTCOME_TAG, found.passed ? 'passed' : 'refused')
}

function prefixed(prefix: string, metrics: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([key, value]) => [prefix + key, value]))
}
