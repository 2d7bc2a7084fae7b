import type { OnnxGraphBuilder } from '../onnx/index.js'
import type { OnnxColumn, OnnxFrame } from './feature-step.js'
import { stepError } from './step-columns.js'

/** Helpers for the ONNX side of a step: reading frame tensors and adding constants. */

/** The tensor of column `name`, which must be of `type`; an error naming the step and column otherwise. */
export function onnxColumn(frame: OnnxFrame, step: string, name: string, type: OnnxColumn['type']): string {
  const column = frame.get(name)
  if (!column) throw stepError(step, name, 'is not an input of the ONNX graph at this step')
  if (column.type !== type) throw stepError(step, name, `is a ${column.type} tensor; ${step} needs ${type}`)
  return column.tensor
}

/** A double scalar constant (broadcasts against an [N, 1] column). */
export function doubleScalar(graph: OnnxGraphBuilder, hint: string, value: number): string {
  return graph.addConstant(hint, { type: 'double', dims: [], values: [value] })
}

/** A copy of `frame` with double columns `[name, tensor]` added or replaced. */
export function withDoubleColumns(frame: OnnxFrame, columns: Iterable<readonly [string, string]>): OnnxFrame {
  const out = new Map(frame)
  for (const [name, tensor] of columns) out.set(name, { tensor, type: 'double' })
  return out
}
