import type { ColumnType } from '../data/index.js'
import { ONNX_TYPE_OF, type PipelineInput } from '../features/index.js'
import type { ClassLabels, Task } from './training-data.js'

/** One tensor of a model's interface: its name, ONNX element type and shape (-1: any number of rows). */
export interface SignatureTensor {
  readonly name: string
  readonly type: 'double' | 'float' | 'int64' | 'string'
  readonly shape: readonly number[]
}

/** A raw input column: the tensor plus the column type it was trained on. */
export interface SignatureInput extends SignatureTensor {
  readonly columnType: ColumnType
  /**
   * For one input of shape [-1, k] filled from k columns (a model exported elsewhere with a single
   * feature matrix, as skl2onnx and PyTorch do): the columns, in order. Absent: the input is one column.
   */
  readonly columns?: readonly string[]
}

/**
 * What `model.onnx` takes and returns, stored beside it as `signature.json` (MLflow keeps the same
 * facts in its model signature): inputs are the raw columns, one [N, 1] tensor each (numbers, booleans
 * and epoch-ms datetimes as double with NaN for missing; categories and text as string with `''`);
 * outputs `label` and `probabilities` for classifiers, `prediction` for regressors.
 */
export interface ModelSignature {
  readonly format: 'shipyard.signature'
  readonly version: 1
  readonly task: Task
  readonly target: string
  readonly inputs: readonly SignatureInput[]
  readonly outputs: readonly SignatureTensor[]
  /** Class labels in the order of the `probabilities` columns; absent for regression. */
  readonly classes?: readonly (number | string)[]
}

/** The signature of a model over `inputs` for `task`. */
export function modelSignature(
  task: Task,
  target: string,
  inputs: readonly PipelineInput[],
  classes: ClassLabels | null,
): ModelSignature {
  const tensors = inputs.map((input) => ({
    name: input.name,
    type: ONNX_TYPE_OF[input.type],
    shape: [-1, 1],
    columnType: input.type,
  }))
  if (classes === null) {
    return {
      format: 'shipyard.signature',
      version: 1,
      task,
      target,
      inputs: tensors,
      outputs: [{ name: 'prediction', type: 'float', shape: [-1, 1] }],
    }
  }
  return {
    format: 'shipyard.signature',
    version: 1,
    task,
    target,
    inputs: tensors,
    outputs: [
      { name: 'label', type: classes.kind, shape: [-1] },
      { name: 'probabilities', type: 'float', shape: [-1, classes.values.length] },
    ],
    classes: classes.values,
  }
}
