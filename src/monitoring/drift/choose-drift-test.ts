import { invalidValue } from '../../shared/index.js'
import { DRIFT_METHODS, type DriftMethod, type DriftSample, type DriftTest } from './drift-test.js'
import type { FeatureReference } from './reference-profile.js'
import { DRIFT_TESTS } from './tests/index.js'

/** Up to this many present live values `auto` picks a test with a p-value; above, a distance. */
export const AUTO_SMALL_WINDOW = 1000

/** Numbers with at most this many distinct reference values are tested like categories (on one bin per value). */
export const AUTO_MAX_DISCRETE = 5

/**
 * Evidently's automatic choice: on small windows a test (KS for numbers; chi-square for categories,
 * or the Z-test when only two values occur on either side), on large ones a distance (normed
 * Wasserstein for numbers, Jensen–Shannon for categories). One difference: Evidently sizes the
 * window by the reference, we by the live present values, because here the reference is a whole
 * training set (sampled to 10,000) and it is the live window's size that decides how noisy a
 * distance is: a normed Wasserstein distance on 200 live rows reaches 0.1 by chance alone.
 */
export function autoMethod(reference: FeatureReference, ref: DriftSample, live: DriftSample): DriftMethod {
  const categorical = reference.kind === 'categorical' || reference.distinct <= AUTO_MAX_DISCRETE
  if (live.count > AUTO_SMALL_WINDOW) return categorical ? 'jensenshannon' : 'wasserstein'
  if (!categorical) return 'ks'
  let occupied = 0
  for (let k = 0; k < ref.counts.length; k++) if (ref.counts[k]! > 0 || live.counts[k]! > 0) occupied++
  return occupied <= 2 ? 'ztest' : 'chisquare'
}

/**
 * The test a feature's configuration names, or the automatic one. Throws `INVALID_PARAMETER_VALUE`
 * naming the feature when the method is unknown or does not apply to the feature's kind.
 */
export function chooseDriftTest(
  reference: FeatureReference,
  method: 'auto' | DriftMethod,
  ref: DriftSample,
  live: DriftSample,
): DriftTest {
  if (method === 'auto') return DRIFT_TESTS[autoMethod(reference, ref, live)]
  const test = DRIFT_TESTS[method] as DriftTest | undefined
  if (test === undefined) {
    throw invalidValue(
      `${reference.name}.method`,
      `must be 'auto' or one of ${DRIFT_METHODS.join(', ')}, got '${method}'`,
    )
  }
  if (!test.kinds.includes(reference.kind)) {
    const fitting = DRIFT_METHODS.filter((m) => DRIFT_TESTS[m].kinds.includes(reference.kind))
    throw invalidValue(
      `${reference.name}.method`,
      `'${method}' does not apply to a ${reference.kind} feature; use 'auto' or one of ${fitting.join(', ')}`,
    )
  }
  return test
}
