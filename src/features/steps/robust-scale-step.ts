import type { FeatureStep, StepSpecBase } from '../feature-step.js'
import type { SpecReader } from '../spec-reader.js'
import { finiteQuantiles } from '../statistics.js'
import { numericValues } from '../step-columns.js'
import { centerScale, centerScaleOnnx } from './standard-scale-step.js'

const TYPE = 'robust_scale'

/**
 * `{ "type": "robust_scale", "columns": ["income"], "quantileRange": [25, 75] }`: replaces each column
 * with `(x - median) / (q_high - q_low)`, statistics fitted on the training data. Outliers barely move them.
 */
export interface RobustScaleSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** The percentiles whose distance is the scale (default [25, 75], the interquartile range). */
  readonly quantileRange?: readonly [number, number]
  /** Subtract the median (default true). */
  readonly withCentering?: boolean
  /** Divide by the quantile range (default true). */
  readonly withScaling?: boolean
}

/** The fitted step: one center and one scale per column, in `spec.columns` order. */
export interface FittedRobustScale {
  readonly spec: RobustScaleSpec
  readonly centers: readonly number[]
  readonly scales: readonly number[]
}

/** Reads a robust_scale spec. */
export function parseRobustScaleSpec(r: SpecReader): RobustScaleSpec {
  return {
    type: TYPE,
    columns: r.columns(),
    quantileRange: r.range('quantileRange', { min: 0, max: 100 }, [25, 75]),
    withCentering: r.boolean('withCentering', true),
    withScaling: r.boolean('withScaling', true),
  }
}

/**
 * Robust scaling (scikit-learn's RobustScaler). Quantiles interpolate linearly between the sorted
 * finite training values (numpy's default). A zero range gets scale 1; a column with no finite value
 * gets center 0 and scale 1. NaN stays NaN, ±Infinity stays ±Infinity; booleans read as 1/0.
 * ONNX: `Div(Sub(x, center), scale)` in double, as standard_scale.
 */
export const robustScaleStep: FeatureStep<RobustScaleSpec, FittedRobustScale> = {
  fit(spec, frame) {
    const [low, high] = spec.quantileRange ?? [25, 75]
    const stats = spec.columns.map((name) =>
      finiteQuantiles(numericValues(frame, TYPE, name), [0.5, low / 100, high / 100]),
    )
    return {
      spec,
      centers: stats.map(([median]) => (spec.withCentering === false || Number.isNaN(median) ? 0 : median!)),
      scales: stats.map(([, q1, q2]) => {
        const range = q2! - q1!
        return spec.withScaling === false || !(range > 0) ? 1 : range
      }),
    }
  },

  transform: (fitted, frame) => centerScale(TYPE, frame, fitted.spec.columns, fitted.centers, fitted.scales),

  toOnnx: (fitted, graph, frame) =>
    centerScaleOnnx(TYPE, graph, frame, fitted.spec.columns, fitted.centers, fitted.scales),
}
