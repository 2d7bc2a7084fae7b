import { attr } from '../../onnx/index.js'
import type { FeatureStep, StepSpecBase } from '../feature-step.js'
import { doubleScalar, onnxColumn, withDoubleColumns } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { quantileOfSorted, sortedFinite } from '../statistics.js'
import { numericColumn, numericValues, withColumns } from '../step-columns.js'

const TYPE = 'bucketize'

/**
 * `{ "type": "bucketize", "columns": ["amount"], "buckets": 10 }`: replaces each column with the index
 * of its quantile bucket, edges fitted on the training data.
 */
export interface BucketizeSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** How many equal-frequency buckets to aim for (2..1000, default 10); ties can merge some. */
  readonly buckets?: number
}

/** The fitted step: per column the ascending, distinct inner edges. */
export interface FittedBucketize {
  readonly spec: BucketizeSpec
  readonly edges: readonly (readonly number[])[]
}

/** Reads a bucketize spec. */
export function parseBucketizeSpec(r: SpecReader): BucketizeSpec {
  return {
    type: TYPE,
    columns: r.columns(),
    buckets: r.number('buckets', { min: 2, max: 1000, integer: true }, 10),
  }
}

/**
 * Quantile bucketing. Edges are the k/buckets quantiles (k = 1..buckets-1) of the finite training values,
 * interpolated linearly, duplicates dropped (heavy ties give fewer buckets). The bucket of x is the
 * number of edges <= x: 0 below the first edge up to `edges.length` at or above the last, so -Infinity
 * falls in the first bucket and +Infinity in the last, and unseen extremes land in the end buckets.
 * **NaN stays NaN**: missing is not a bucket, so a tree's missing branch or a later impute handles it.
 * A column with no finite training value has no edges: every non-missing value is bucket 0.
 * ONNX: `ReduceSum(Cast(GreaterOrEqual(x, edges)))` over the [N, E] comparison (an exact count in
 * double), then `Where(IsNaN(x), x, count)`.
 */
export const bucketizeStep: FeatureStep<BucketizeSpec, FittedBucketize> = {
  fit(spec, frame) {
    const buckets = spec.buckets ?? 10
    const edges = spec.columns.map((name) => {
      const sorted = sortedFinite(numericValues(frame, TYPE, name))
      const found: number[] = []
      if (sorted.length === 0) return found
      for (let k = 1; k < buckets; k++) {
        const edge = quantileOfSorted(sorted, k / buckets)
        if (found.length === 0 || edge > found[found.length - 1]!) found.push(edge)
      }
      return found
    })
    return { spec, edges }
  },

  transform(fitted, frame) {
    const columns = fitted.spec.columns.map((name, j) => {
      const x = numericValues(frame, TYPE, name)
      const edges = fitted.edges[j]!
      const values = new Float64Array(x.length)
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!
        values[i] = Number.isNaN(v) ? v : bucketOf(edges, v)
      }
      return numericColumn(name, values)
    })
    return withColumns(frame, columns)
  },

  toOnnx(fitted, graph, frame) {
    const columns = fitted.spec.columns.map((name, j) => {
      const x = onnxColumn(frame, TYPE, name, 'double')
      const edges = fitted.edges[j]!
      let count: string
      if (edges.length === 0) {
        count = doubleScalar(graph, 'zero', 0)
      } else {
        const edgeRow = graph.addConstant(`${name}_edges`, {
          type: 'double',
          dims: [1, edges.length],
          values: edges,
        })
        const [atOrAbove] = graph.addNode('GreaterOrEqual', [x, edgeRow])
        const [ones] = graph.addNode('Cast', [atOrAbove!], { to: attr.int(11) })
        const axis = graph.addConstant('axis_1', { type: 'int64', dims: [1], values: [1] })
        count = graph.addNode('ReduceSum', [ones!, axis], { keepdims: attr.int(1) })[0]!
      }
      const [missing] = graph.addNode('IsNaN', [x])
      const [bucket] = graph.addNode('Where', [missing!, x, count], {}, { name: `${name}_bucket` })
      return [name, bucket!] as const
    })
    return withDoubleColumns(frame, columns)
  },
}

/** The number of `edges` (ascending) at or below `v`, by binary search. */
function bucketOf(edges: readonly number[], v: number): number {
  let lo = 0
  let hi = edges.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (edges[mid]! <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}
