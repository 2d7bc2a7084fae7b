import type { FeatureStep, StepSpecBase } from '../feature-step.js'
import { doubleScalar, onnxColumn, withDoubleColumns } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { numericColumn, numericValues, withColumns } from '../step-columns.js'

const TYPE = 'log1p'

/** `{ "type": "log1p", "columns": ["amount"] }`: replaces each column with `ln(1 + x)`. Nothing to fit. */
export interface Log1pSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
}

/** The fitted step: nothing learnt, only a report. */
export interface FittedLog1p {
  readonly spec: Log1pSpec
  /** Per column, how many training values were at or below -1 (finite or -Infinity) and became NaN. */
  readonly outOfDomain: readonly number[]
}

/** Reads a log1p spec. */
export function parseLog1pSpec(r: SpecReader): Log1pSpec {
  return { type: TYPE, columns: r.columns() }
}

/**
 * `ln(1 + x)` for x > -1. Defined behaviour outside the domain: **x <= -1 gives NaN** (missing), x = -1
 * included (not -Infinity), so a later impute step or a tree's missing branch handles it; NaN stays NaN,
 * +Infinity stays +Infinity. Booleans read as 1/0.
 *
 * Both sides compute `log(x + 1)` rather than `log1p(x)`: ONNX has no Log1p, and the same two operations
 * keep the sides within a last-bit difference of the two `log` implementations (V8's and onnxruntime's
 * vectorised one), about 1e-16 relative, far inside the 1e-6 parity tolerance. For |x| < 1e-8, `log(x + 1)`
 * loses the relative precision `log1p` keeps; the absolute error stays below 1e-16.
 * ONNX: `Where(Greater(x, -1), Log(Add(x, 1)), NaN)` in double.
 */
export const log1pStep: FeatureStep<Log1pSpec, FittedLog1p> = {
  fit(spec, frame) {
    const outOfDomain = spec.columns.map((name) => {
      const x = numericValues(frame, TYPE, name)
      let n = 0
      for (let i = 0; i < x.length; i++) if (x[i]! <= -1) n++
      return n
    })
    return { spec, outOfDomain }
  },

  transform(fitted, frame) {
    const columns = fitted.spec.columns.map((name) => {
      const x = numericValues(frame, TYPE, name)
      const values = new Float64Array(x.length)
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!
        values[i] = v > -1 ? Math.log(v + 1) : Number.NaN
      }
      return numericColumn(name, values)
    })
    return withColumns(frame, columns)
  },

  toOnnx(fitted, graph, frame) {
    const columns = fitted.spec.columns.map((name) => {
      const x = onnxColumn(frame, TYPE, name, 'double')
      const [shifted] = graph.addNode('Add', [x, doubleScalar(graph, 'one', 1)])
      const [logged] = graph.addNode('Log', [shifted!])
      const [inDomain] = graph.addNode('Greater', [x, doubleScalar(graph, 'minus_one', -1)])
      const nan = doubleScalar(graph, 'nan', Number.NaN)
      const [result] = graph.addNode('Where', [inDomain!, logged!, nan], {}, { name: `${name}_log1p` })
      return [name, result!] as const
    })
    return withDoubleColumns(frame, columns)
  },
}
