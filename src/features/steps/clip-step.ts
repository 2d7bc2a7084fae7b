import type { OnnxGraphBuilder } from '../../onnx/index.js'
import type { FeatureStep, StepSpecBase } from '../feature-step.js'
import { doubleScalar, onnxColumn, withDoubleColumns } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { finiteQuantiles } from '../statistics.js'
import { numericColumn, numericValues, withColumns } from '../step-columns.js'

const TYPE = 'clip'

/**
 * `{ "type": "clip", "columns": ["amount"], "min": 0, "max": 1000 }` clips to fixed bounds;
 * `{ "type": "clip", "columns": ["amount"], "quantiles": [0.01, 0.99] }` to bounds fitted on the
 * training data (winsorising). Either or both of `min`/`max`, or `quantiles`, not both kinds.
 */
export interface ClipSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  readonly min?: number
  readonly max?: number
  /** Lower and upper quantile (0..1) of the finite training values. */
  readonly quantiles?: readonly [number, number]
}

/** The fitted step: per column the bounds, `null` where there is none. */
export interface FittedClip {
  readonly spec: ClipSpec
  readonly lowers: readonly (number | null)[]
  readonly uppers: readonly (number | null)[]
  /** Per column, how many training values were moved to a bound. */
  readonly clipped: readonly number[]
}

/** Reads a clip spec: bounds or quantiles, at least one bound, min below max. */
export function parseClipSpec(r: SpecReader): ClipSpec {
  const columns = r.columns()
  const min = r.optionalNumber('min')
  const max = r.optionalNumber('max')
  if (r.raw('quantiles') !== undefined) {
    if (min !== undefined || max !== undefined)
      throw r.error('quantiles', "cannot be combined with 'min' or 'max'")
    return { type: TYPE, columns, quantiles: r.range('quantiles', { min: 0, max: 1 }, [0, 1]) }
  }
  if (min === undefined && max === undefined)
    throw r.error('min', "give 'min', 'max' or both, or 'quantiles'")
  if (min !== undefined && max !== undefined && !(min <= max))
    throw r.error('max', `must be at least min (${min})`)
  return { type: TYPE, columns, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) }
}

/**
 * Clipping. NaN stays NaN (missing is not a value to clip); ±Infinity is clipped to the bound on its
 * side when there is one. Fitted quantiles interpolate linearly between sorted finite values; a column
 * with no finite value gets no bounds. Booleans read as 1/0.
 * ONNX: `Where(Less(x, low), low, x)` then `Where(Greater(y, high), high, y)` in double. Comparisons
 * with NaN are false, so NaN passes through exactly as in TypeScript, which `Clip`/`Max`/`Min` do not
 * promise (their NaN handling is left to the runtime).
 */
export const clipStep: FeatureStep<ClipSpec, FittedClip> = {
  fit(spec, frame) {
    const values = spec.columns.map((name) => numericValues(frame, TYPE, name))
    let lowers = spec.columns.map(() => spec.min ?? null)
    let uppers = spec.columns.map(() => spec.max ?? null)
    if (spec.quantiles) {
      const bounds = values.map((x) =>
        finiteQuantiles(x, spec.quantiles!).map((b) => (Number.isNaN(b) ? null : b)),
      )
      lowers = bounds.map(([low]) => low!)
      uppers = bounds.map(([, high]) => high!)
    }
    const clipped = values.map((x, j) => {
      const lo = lowers[j] ?? -Infinity
      const hi = uppers[j] ?? Infinity
      let n = 0
      for (let i = 0; i < x.length; i++) if (x[i]! < lo || x[i]! > hi) n++
      return n
    })
    return { spec, lowers, uppers, clipped }
  },

  transform(fitted, frame) {
    const columns = fitted.spec.columns.map((name, j) => {
      const x = numericValues(frame, TYPE, name)
      const values = new Float64Array(x.length)
      clamp(x, values, fitted.lowers[j] ?? null, fitted.uppers[j] ?? null)
      return numericColumn(name, values)
    })
    return withColumns(frame, columns)
  },

  toOnnx(fitted, graph, frame) {
    const columns = fitted.spec.columns.map((name, j) => {
      const x = onnxColumn(frame, TYPE, name, 'double')
      return [name, clampOnnx(graph, name, x, fitted.lowers[j] ?? null, fitted.uppers[j] ?? null)] as const
    })
    return withDoubleColumns(frame, columns)
  },
}

/** Writes `x` clipped to [lower, upper] into `out` (null: unbounded); NaN stays NaN. */
export function clamp(
  x: ArrayLike<number>,
  out: Float64Array,
  lower: number | null,
  upper: number | null,
): void {
  const lo = lower ?? -Infinity
  const hi = upper ?? Infinity
  for (let i = 0; i < x.length; i++) {
    // Written as comparisons (not Math.min/max) to mirror the graph's Less/Greater + Where exactly.
    let v = x[i]!
    if (v < lo) v = lo
    else if (v > hi) v = hi
    out[i] = v
  }
}

/** `clamp` in the graph, with the NaN rule kept exactly; returns the clipped tensor. */
export function clampOnnx(
  graph: OnnxGraphBuilder,
  hint: string,
  x: string,
  lower: number | null,
  upper: number | null,
): string {
  let y = x
  if (lower !== null) {
    const bound = doubleScalar(graph, `${hint}_low`, lower)
    const [below] = graph.addNode('Less', [y, bound])
    y = graph.addNode('Where', [below!, bound, y], {}, { name: `${hint}_clipped` })[0]!
  }
  if (upper !== null) {
    const bound = doubleScalar(graph, `${hint}_high`, upper)
    const [above] = graph.addNode('Greater', [y, bound])
    y = graph.addNode('Where', [above!, bound, y], {}, { name: `${hint}_clipped` })[0]!
  }
  return y
}
