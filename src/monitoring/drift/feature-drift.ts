import { invalidValue } from '../../shared/index.js'
import { chooseDriftTest } from './choose-drift-test.js'
import type { LiveSample } from './drift-samples.js'
import { type DriftMethod, type DriftSample, type DriftTestResult, proportionsOf } from './drift-test.js'
import type { FeatureReference } from './reference-profile.js'
import { populationStabilityIndex } from './tests/psi.js'

/** A feature's drift: `drift` when its test says so, `warn` when only PSI moved, else `ok`. */
export type DriftStatus = 'ok' | 'warn' | 'drift'

/** How one feature is tested. */
export interface FeatureDriftOptions {
  /** `auto` (default: see `autoMethod`) or a method from `DRIFT_METHODS`. */
  readonly method?: 'auto' | DriftMethod
  /** The chosen test's threshold: a p-value (drift below it) or a distance (drift at or above it). Default: the test's own. */
  readonly threshold?: number
  /** PSI at or above this turns `ok` into `warn`. Default 0.1. */
  readonly psiWarn?: number
}

/** PSI from which a feature the test finds stable is still flagged `warn`. */
export const PSI_WARN = 0.1

/** One side of a feature's comparison, for tables and charts. */
export interface DriftSide {
  readonly rows: number
  readonly missingRate: number
  /** Share of the present values in each reference bin (the histogram on the reference bins). */
  readonly proportions: number[]
}

/** Numbers also show their moments (of the finite values; null when none). */
export interface NumericDriftSide extends DriftSide {
  readonly mean: number | null
  readonly std: number | null
}

interface FeatureDriftBase {
  readonly name: string
  readonly status: DriftStatus
  readonly method: DriftMethod
  /** Null when a side has no present value (nothing to compare) or the statistic is infinite. */
  readonly statistic: number | null
  readonly pValue: number | null
  readonly threshold: number
  readonly drifted: boolean
  /** Always computed, whatever the method; null when a side has no present value. */
  readonly psi: number | null
}

/** A numeric feature's drift; its bins are `cuts` with open outer edges (see `NumericReference`). */
export interface NumericFeatureDrift extends FeatureDriftBase {
  readonly kind: 'numeric'
  readonly cuts: readonly number[]
  readonly reference: NumericDriftSide
  readonly live: NumericDriftSide
}

/** A categorical feature's drift; its bins are `categories` then "other". */
export interface CategoricalFeatureDrift extends FeatureDriftBase {
  readonly kind: 'categorical'
  readonly categories: readonly string[]
  /** Share of the live present values outside the reference's categories; null when there is none. */
  readonly unseenRate: number | null
  readonly reference: DriftSide
  readonly live: DriftSide
}

export type FeatureDrift = NumericFeatureDrift | CategoricalFeatureDrift

/**
 * Tests one feature and decides its status. The chosen test alone decides `drift`: its threshold is
 * calibrated (a p-value, or a distance whose noise shrinks with the window the automatic choice
 * gives it). PSI is reported for every feature but can only raise `ok` to `warn`: its chance value
 * is about (bins − 1)/n, so on a window of 100 rows PSI passes 0.2 in a few percent of windows from
 * the reference distribution and on 50 rows in about a third, where promoting it to `drift` would
 * break the false-alarm rate. With `method: 'psi'` PSI is the test, and drifts at 0.2.
 */
export function featureDrift(
  reference: FeatureReference,
  ref: DriftSample,
  live: LiveSample,
  options: FeatureDriftOptions,
): FeatureDrift {
  const test = chooseDriftTest(reference, options.method ?? 'auto', ref, live)
  const threshold = checkPositive(reference.name, 'threshold', options.threshold ?? test.defaultThreshold)
  const psiWarn = checkPositive(reference.name, 'psiWarn', options.psiWarn ?? PSI_WARN)
  // KS and Wasserstein also need finite values; on empty samples they give NaN, which never drifts.
  const comparable = ref.count > 0 && live.count > 0
  const result: DriftTestResult = comparable
    ? test.run(ref, live, threshold)
    : { statistic: Number.NaN, pValue: null, drifted: false, threshold }
  const psi = comparable ? populationStabilityIndex(proportionsOf(ref), proportionsOf(live)) : null
  const base = {
    name: reference.name,
    status: result.drifted ? 'drift' : psi !== null && psi >= psiWarn ? 'warn' : 'ok',
    method: test.method,
    statistic: finiteOrNull(result.statistic),
    pValue: result.pValue === null ? null : finiteOrNull(result.pValue),
    threshold,
    drifted: result.drifted,
    psi,
  } as const satisfies FeatureDriftBase
  const side = (rows: number, missing: number, sample: DriftSample): DriftSide => ({
    rows,
    missingRate: rows > 0 ? missing / rows : 0,
    proportions: Array.from(proportionsOf(sample)),
  })
  const refSide = side(reference.rows, reference.missing, ref)
  const liveSide = side(live.rows, live.missing, live)
  if (reference.kind === 'categorical') {
    return {
      ...base,
      kind: 'categorical',
      categories: reference.categories,
      unseenRate: live.count > 0 ? live.unseen / live.count : null,
      reference: refSide,
      live: liveSide,
    }
  }
  return {
    ...base,
    kind: 'numeric',
    cuts: reference.cuts,
    reference: { ...refSide, mean: reference.mean, std: reference.std },
    live: { ...liveSide, mean: finiteOrNull(live.mean), std: finiteOrNull(live.std) },
  }
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null
}

function checkPositive(feature: string, field: string, value: number): number {
  if (!(value > 0 && value < Number.POSITIVE_INFINITY))
    throw invalidValue(`${feature}.${field}`, `must be a positive number, got ${String(value)}`)
  return value
}
