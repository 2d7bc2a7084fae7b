import type { Opsets } from '../../onnx/index.js'
import type { FeatureStep } from '../feature-step.js'
import type { SpecReader } from '../spec-reader.js'
import type { SpecOf, StepType } from '../step-spec.js'
import { bucketizeStep, parseBucketizeSpec } from './bucketize-step.js'
import { clipStep, parseClipSpec } from './clip-step.js'
import { datetimePartsStep, parseDatetimePartsSpec } from './datetime-parts-step.js'
import { expressionStep, parseExpressionSpec } from './expression-step.js'
import { HASH_STEP_OPSETS, hashStep, parseHashSpec } from './hash-step.js'
import { imputeStep, parseImputeSpec } from './impute-step.js'
import { log1pStep, parseLog1pSpec } from './log1p-step.js'
import { minMaxScaleStep, parseMinMaxScaleSpec } from './min-max-scale-step.js'
import { oneHotStep, parseOneHotSpec } from './one-hot-step.js'
import { ordinalStep, parseOrdinalSpec } from './ordinal-step.js'
import { parseRobustScaleSpec, robustScaleStep } from './robust-scale-step.js'
import { parseStandardScaleSpec, standardScaleStep } from './standard-scale-step.js'
import { parseTargetEncodeSpec, targetEncodeStep } from './target-encode-step.js'

/**
 * The step registry: one handler per step type, a closed table, so that a spec type added to
 * `StepSpec` does not compile until its handler is here.
 */
export const STEPS: { readonly [K in StepType]: FeatureStep<SpecOf<K>, { readonly spec: SpecOf<K> }> } = {
  impute: imputeStep,
  standard_scale: standardScaleStep,
  min_max_scale: minMaxScaleStep,
  robust_scale: robustScaleStep,
  log1p: log1pStep,
  clip: clipStep,
  bucketize: bucketizeStep,
  one_hot: oneHotStep,
  ordinal: ordinalStep,
  target_encode: targetEncodeStep,
  hash: hashStep,
  datetime_parts: datetimePartsStep,
  expression: expressionStep,
}

/**
 * The spec parser of each step type: reads the fields other than `type` from `r` and returns the
 * validated spec (the caller calls `r.finish()` to reject unknown fields).
 */
export const STEP_SPEC_PARSERS: { readonly [K in StepType]: (r: SpecReader) => SpecOf<K> } = {
  impute: parseImputeSpec,
  standard_scale: parseStandardScaleSpec,
  min_max_scale: parseMinMaxScaleSpec,
  robust_scale: parseRobustScaleSpec,
  log1p: parseLog1pSpec,
  clip: parseClipSpec,
  bucketize: parseBucketizeSpec,
  one_hot: parseOneHotSpec,
  ordinal: parseOrdinalSpec,
  target_encode: parseTargetEncodeSpec,
  hash: parseHashSpec,
  datetime_parts: parseDatetimePartsSpec,
  expression: parseExpressionSpec,
}

/**
 * Operator sets a step type needs beyond the defaults (ai.onnx 17, ai.onnx.ml 3); the compiler merges
 * those of the steps present into the model's imports.
 */
export const STEP_OPSETS: { readonly [K in StepType]?: Opsets } = {
  hash: HASH_STEP_OPSETS,
}
