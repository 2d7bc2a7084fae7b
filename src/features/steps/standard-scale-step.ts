import type { OnnxGraphBuilder } from '../../onnx/index.js'
import type { FeatureStep, Frame, OnnxFrame, StepSpecBase } from '../feature-step.js'
import { doubleScalar, onnxColumn, withDoubleColumns } from '../onnx-columns.js'
import { scratchValues } from '../pipeline-io.js'
import type { SpecReader } from '../spec-reader.js'
import { finiteMoments } from '../statistics.js'
import { numericColumn, numericValues, withColumns } from '../step-columns.js'

const TYPE = 'standard_scale'

/**
 * `{ "type": "standard_scale", "columns": ["age", "income"], "withMean": true, "withStd": true }`:
 * replaces each column with `(x - mean) / std`, both fitted on the training data.
 */
export interface StandardScaleSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** Subtract the mean (default true). */
  readonly withMean?: boolean
  /** Divide by the standard deviation (default true). */
  readonly withStd?: boolean
}

/** The fitted step: one mean and one scale per column, in `spec.columns` order. */
export interface FittedStandardScale {
  readonly spec: StandardScaleSpec
  readonly means: readonly number[]
  readonly scales: readonly number[]
}

/** Reads a standard_scale spec (see `SpecReader` for the messages). */
export function parseStandardScaleSpec(r: SpecReader): StandardScaleSpec {
  return {
    type: TYPE,
    columns: r.columns(),
    withMean: r.boolean('withMean', true),
    withStd: r.boolean('withStd', true),
  }
}

/**
 * Standard scaling, the reference step: every other step has this shape.
 *
 * - Statistics use the finite training values: the mean and the population standard deviation (ddof 0,
 *   as scikit-learn). A constant column gets scale 1 and a column with no finite value gets mean 0 and
 *   scale 1, so neither divides by zero; `withMean: false` fixes the mean at 0, `withStd: false` the scale at 1.
 * - Transform: NaN stays NaN, ±Infinity stays ±Infinity. Boolean columns are read as 1/0 (NaN missing).
 * - ONNX: `Div(Sub(x, mean), scale)` in double, the same two IEEE operations as the TypeScript loop, so
 *   the float32 features agree bit for bit.
 */
export const standardScaleStep: FeatureStep<StandardScaleSpec, FittedStandardScale> = {
  fit(spec, frame) {
    const moments = spec.columns.map((name) => finiteMoments(numericValues(frame, TYPE, name)))
    return {
      spec,
      means: moments.map(({ count, mean }) => (spec.withMean === false || count === 0 ? 0 : mean)),
      scales: moments.map(({ std }) => (spec.withStd === false || !(std > 0) ? 1 : std)),
    }
  },

  transform: (fitted, frame) => centerScale(TYPE, frame, fitted.spec.columns, fitted.means, fitted.scales),

  toOnnx: (fitted, graph, frame) =>
    centerScaleOnnx(TYPE, graph, frame, fitted.spec.columns, fitted.means, fitted.scales),
}

/**
 * Replaces each column `c` of `columns` with `(c - centers[j]) / scales[j]`, in double (robust_scale
 * shares it). A scratch column of a pipeline run (see `PipelineFrame`) is scaled in place.
 */
export function centerScale(
  step: string,
  frame: Frame,
  columns: readonly string[],
  centers: readonly number[],
  scales: readonly number[],
): Frame {
  // A column listed twice must read its input twice: then nothing is overwritten.
  const inPlace = new Set(columns).size === columns.length
  const out = columns.map((name, j) => {
    const x = numericValues(frame, step, name)
    const center = centers[j]!
    const scale = scales[j]!
    const values = (inPlace ? scratchValues(frame, name) : null) ?? new Float64Array(x.length)
    for (let i = 0; i < x.length; i++) values[i] = (x[i]! - center) / scale
    return numericColumn(name, values)
  })
  return withColumns(frame, out)
}

/** `centerScale` in the graph: `Div(Sub(x, center), scale)`, the same two IEEE operations as the loop. */
export function centerScaleOnnx(
  step: string,
  graph: OnnxGraphBuilder,
  frame: OnnxFrame,
  columns: readonly string[],
  centers: readonly number[],
  scales: readonly number[],
): OnnxFrame {
  const out = columns.map((name, j) => {
    const x = onnxColumn(frame, step, name, 'double')
    const [centered] = graph.addNode('Sub', [x, doubleScalar(graph, `${name}_center`, centers[j]!)])
    const scale = doubleScalar(graph, `${name}_scale`, scales[j]!)
    const [scaled] = graph.addNode('Div', [centered!, scale], {}, { name: `${name}_scaled` })
    return [name, scaled!] as const
  })
  return withDoubleColumns(frame, out)
}
