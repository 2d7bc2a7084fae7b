import type { FeatureStep, StepSpecBase } from '../feature-step.js'
import { doubleScalar, onnxColumn, withDoubleColumns } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { numericColumn, numericValues, withColumns } from '../step-columns.js'
import { clamp, clampOnnx } from './clip-step.js'

const TYPE = 'min_max_scale'

/**
 * `{ "type": "min_max_scale", "columns": ["age"], "range": [0, 1], "clip": false }`: maps the training
 * minimum and maximum of each column onto `range`.
 */
export interface MinMaxScaleSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** The target interval (default [0, 1]). */
  readonly range?: readonly [number, number]
  /** Clip transformed values into `range` (values outside the training range otherwise map outside it). Default false. */
  readonly clip?: boolean
}

/** The fitted step: `x * scale + offset` per column, in `spec.columns` order. */
export interface FittedMinMaxScale {
  readonly spec: MinMaxScaleSpec
  readonly scales: readonly number[]
  readonly offsets: readonly number[]
}

/** Reads a min_max_scale spec. */
export function parseMinMaxScaleSpec(r: SpecReader): MinMaxScaleSpec {
  return {
    type: TYPE,
    columns: r.columns(),
    range: r.range('range', {}, [0, 1]),
    clip: r.boolean('clip', false),
  }
}

/**
 * Min-max scaling (scikit-learn's MinMaxScaler): `scale = (high - low) / (max - min)`,
 * `offset = low - min * scale`, over the finite training values. A constant column gets scale 1
 * (it maps to `low + (x - min)`); a column with no finite value is left as it is (scale 1, offset 0).
 * NaN stays NaN, ±Infinity stays ±Infinity unless `clip` bounds it; booleans read as 1/0.
 * ONNX: `Add(Mul(x, scale), offset)` in double, then clip's `Where` pair when `clip` is set.
 */
export const minMaxScaleStep: FeatureStep<MinMaxScaleSpec, FittedMinMaxScale> = {
  fit(spec, frame) {
    const [low, high] = spec.range ?? [0, 1]
    const scales: number[] = []
    const offsets: number[] = []
    for (const name of spec.columns) {
      const x = numericValues(frame, TYPE, name)
      let min = Infinity
      let max = -Infinity
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!
        if (Number.isFinite(v)) {
          if (v < min) min = v
          if (v > max) max = v
        }
      }
      const scale = max > min ? (high - low) / (max - min) : 1
      scales.push(scale)
      offsets.push(min <= max ? low - min * scale : 0)
    }
    return { spec, scales, offsets }
  },

  transform(fitted, frame) {
    const [low, high] = fitted.spec.range ?? [0, 1]
    const columns = fitted.spec.columns.map((name, j) => {
      const x = numericValues(frame, TYPE, name)
      const scale = fitted.scales[j]!
      const offset = fitted.offsets[j]!
      const values = new Float64Array(x.length)
      for (let i = 0; i < x.length; i++) values[i] = x[i]! * scale + offset
      if (fitted.spec.clip) clamp(values, values, low, high)
      return numericColumn(name, values)
    })
    return withColumns(frame, columns)
  },

  toOnnx(fitted, graph, frame) {
    const [low, high] = fitted.spec.range ?? [0, 1]
    const columns = fitted.spec.columns.map((name, j) => {
      const x = onnxColumn(frame, TYPE, name, 'double')
      const [scaled] = graph.addNode('Mul', [x, doubleScalar(graph, `${name}_scale`, fitted.scales[j]!)])
      const offset = doubleScalar(graph, `${name}_offset`, fitted.offsets[j]!)
      const [shifted] = graph.addNode('Add', [scaled!, offset], {}, { name: `${name}_min_max` })
      return [name, fitted.spec.clip ? clampOnnx(graph, name, shifted!, low, high) : shifted!] as const
    })
    return withDoubleColumns(frame, columns)
  },
}
