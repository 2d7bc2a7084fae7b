import type { BucketizeSpec } from './steps/bucketize-step.js'
import type { ClipSpec } from './steps/clip-step.js'
import type { DatetimePartsSpec } from './steps/datetime-parts-step.js'
import type { ExpressionSpec } from './steps/expression-step.js'
import type { HashSpec } from './steps/hash-step.js'
import type { ImputeSpec } from './steps/impute-step.js'
import type { Log1pSpec } from './steps/log1p-step.js'
import type { MinMaxScaleSpec } from './steps/min-max-scale-step.js'
import type { OneHotSpec } from './steps/one-hot-step.js'
import type { OrdinalSpec } from './steps/ordinal-step.js'
import type { RobustScaleSpec } from './steps/robust-scale-step.js'
import type { StandardScaleSpec } from './steps/standard-scale-step.js'
import type { TargetEncodeSpec } from './steps/target-encode-step.js'

/**
 * Every step spec Shipyard knows, as one `type`-tagged union. Adding a spec here without registering
 * its step in `STEPS` and its parser in `STEP_SPEC_PARSERS` (src/features/steps/index.ts) does not compile.
 */
export type StepSpec =
  | ImputeSpec
  | StandardScaleSpec
  | MinMaxScaleSpec
  | RobustScaleSpec
  | Log1pSpec
  | ClipSpec
  | BucketizeSpec
  | OneHotSpec
  | OrdinalSpec
  | TargetEncodeSpec
  | HashSpec
  | DatetimePartsSpec
  | ExpressionSpec

/** The step types: `'standard_scale'`, `'impute'`, ... */
export type StepType = StepSpec['type']

/** The spec type of one step type. */
export type SpecOf<K extends StepType> = Extract<StepSpec, { readonly type: K }>

/** A fitted step as the pipeline stores it: its spec plus the statistics its handler adds. */
export interface FittedStep {
  readonly spec: StepSpec
}
