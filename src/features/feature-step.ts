import type { Column } from '../data/index.js'
import type { OnnxGraphBuilder } from '../onnx/index.js'

/** Columns by name as they flow through a pipeline; a step returns the frame with its outputs added or replaced. */
export type Frame = ReadonlyMap<string, Column>

/**
 * The same columns inside an ONNX graph: each one tensor of shape [N, 1]. Numbers, booleans (0/1) and
 * datetimes (epoch ms) are `double` with NaN for missing; categories and text are `string` with `''`
 * for missing. Computing in double and casting to float once at the end is what lets the graph match
 * the TypeScript transform to the last float32 bit.
 */
export type OnnxFrame = ReadonlyMap<string, OnnxColumn>
export interface OnnxColumn {
  readonly tensor: string
  readonly type: 'double' | 'string'
}

/** What a step may use at fit time besides the training columns. */
export interface FitContext {
  /** The label, for supervised steps (target encoding). */
  readonly target?: Column
  /** Seeds anything random (fold assignment). */
  readonly seed: number
}

/** Every step's spec has a `type` naming its handler and the input `columns` it reads. */
export interface StepSpecBase {
  readonly type: string
}

/**
 * One feature-engineering step. Tiny on purpose: fit, transform, emit ONNX; one step per file
 * (`src/features/steps/<type>-step.ts`), `standard-scale-step.ts` being the example to copy.
 *
 * Contract:
 * - `fit` sees training data only and returns a JSON-serialisable fitted step (the spec plus its statistics):
 *   `JSON.parse(JSON.stringify(fitted))` must work with `transform` and `toOnnx` exactly as `fitted` does.
 * - `transform` and `toOnnx` compute the same function: the parity tests hold them to 1e-6 on float32 output.
 * - Neither mutates its input frame or columns.
 * - Bad input (a missing column, a wrong column type) throws `INVALID_PARAMETER_VALUE` naming the step and column.
 */
export interface FeatureStep<Spec extends StepSpecBase, Fitted extends { readonly spec: Spec }> {
  fit(spec: Spec, frame: Frame, context: FitContext): Fitted
  transform(fitted: Fitted, frame: Frame): Frame
  /**
   * The transform of the training data itself, when it must differ from `transform` (target encoding
   * uses out-of-fold statistics there, so the model never sees its own labels). Default: `transform`.
   */
  transformTraining?(fitted: Fitted, frame: Frame, context: FitContext): Frame
  toOnnx(fitted: Fitted, graph: OnnxGraphBuilder, frame: OnnxFrame): OnnxFrame
}
