import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../data/index.js'
import type { FeatureStep } from './feature-step.js'
import { doubleScalar, onnxColumn, withDoubleColumns } from './onnx-columns.js'
import { assertOnnxParity } from './parity.test-suite.js'
import { numericColumn, numericValues, withColumns } from './step-columns.js'

interface ShiftSpec {
  readonly type: 'shift'
  readonly column: string
  readonly onnxShift: number
}

// A step whose ONNX side may deliberately disagree with its TypeScript side.
const shiftStep: FeatureStep<ShiftSpec, { readonly spec: ShiftSpec }> = {
  fit: (spec) => ({ spec }),
  transform: (fitted, frame) => {
    const x = numericValues(frame, 'shift', fitted.spec.column)
    return withColumns(frame, [
      numericColumn(
        fitted.spec.column,
        Float64Array.from(x, (v) => v + 1),
      ),
    ])
  },
  toOnnx: (fitted, graph, frame) => {
    const x = onnxColumn(frame, 'shift', fitted.spec.column, 'double')
    const [y] = graph.addNode('Add', [x, doubleScalar(graph, 'one', 1 + fitted.spec.onnxShift)])
    return withDoubleColumns(frame, [[fitted.spec.column, y!]])
  },
}

const data = Dataset.fromColumns([
  { name: 'x', type: 'numeric', values: Float64Array.from([1, Number.NaN, 3, Infinity]) },
  { name: 'y', type: 'numeric', values: Float64Array.from([0, 0, 0, 0]) },
])

describe('assertOnnxParity', () => {
  it('passes when the graph computes what the transform computes, NaN and Infinity included', async () => {
    const result = await assertOnnxParity(
      { steps: [{ type: 'shift', column: 'x', onnxShift: 0 }] },
      data,
      data,
      {
        steps: { shift: shiftStep },
      },
    )
    assert.deepEqual(result.matrix.names, ['x', 'y'])
    assert.equal(result.maxAbsDiff, 0)
  })

  it('fails naming the worst cell when they differ by more than the tolerance', async () => {
    await assert.rejects(
      assertOnnxParity({ steps: [{ type: 'shift', column: 'x', onnxShift: 0.001 }] }, data, data, {
        steps: { shift: shiftStep },
      }),
      /differ in 2 cell\(s\); worst at row \d, feature 'x' \(column 0\)/,
    )
  })

  it('accepts a difference within the tolerance', async () => {
    const spec = { steps: [{ type: 'shift', column: 'x', onnxShift: 0.001 }] }
    const result = await assertOnnxParity(spec, data, data, { steps: { shift: shiftStep }, tolerance: 0.01 })
    assert.ok(result.maxAbsDiff > 0.0009 && result.maxAbsDiff < 0.0011)
  })
})
