import type { OnnxResult } from '../../onnx/index.js'
import { ShipyardError } from '../../shared/index.js'
import { badRequest } from './row-batch.js'
import { type V2Datatype, v2DatatypeOf } from './v2-datatypes.js'

/** One output tensor of an Open Inference Protocol response. */
export interface V2OutputTensor {
  readonly name: string
  readonly shape: readonly number[]
  readonly datatype: V2Datatype
  /** Row-major. NaN becomes null in JSON, int64 a JSON number. */
  readonly data: readonly (number | string | boolean)[]
}

/** The body of an Open Inference Protocol infer response. */
export interface V2InferResponse {
  readonly model_name: string
  readonly model_version?: string
  readonly id?: string
  readonly outputs: readonly V2OutputTensor[]
}

/** Who answered, and which outputs were asked for. */
export interface V2ResponseOptions {
  readonly modelName: string
  readonly modelVersion?: string
  /** The request's id, echoed back. */
  readonly id?: string
  /** The request's `outputs`, in the order to return them; absent: every output of the run, in its order. */
  readonly outputs?: readonly string[]
}

/**
 * An Open Inference Protocol infer response `{model_name, model_version, id, outputs: [{name, shape,
 * datatype, data}]}` from a run's results (datatypes: float FP32, double FP64, int64 INT64, string
 * BYTES...). An output asked for that the model does not have is `BAD_REQUEST` naming the ones it has.
 */
export function v2Response(
  results: Readonly<Record<string, OnnxResult>>,
  options: V2ResponseOptions,
): V2InferResponse {
  const names = options.outputs ?? Object.keys(results)
  const outputs = names.map((name, i) => {
    const result = results[name]
    if (result === undefined) {
      throw badRequest(
        `outputs[${i}]: the model has no output '${name}'; its outputs are ${Object.keys(results).join(', ')}`,
        { field: `outputs[${i}]`, available: Object.keys(results) },
      )
    }
    return v2Tensor(name, result)
  })
  return {
    model_name: options.modelName,
    ...(options.modelVersion === undefined ? {} : { model_version: options.modelVersion }),
    ...(options.id === undefined ? {} : { id: options.id }),
    outputs,
  }
}

function v2Tensor(name: string, result: OnnxResult): V2OutputTensor {
  const datatype = v2DatatypeOf(result.type)
  if (datatype === undefined) {
    throw new ShipyardError('INTERNAL_ERROR', `output '${name}' is ${result.type}, which has no V2 datatype`)
  }
  return { name, shape: [...result.dims], datatype, data: plainValues(result) }
}

function plainValues(result: OnnxResult): (number | string | boolean)[] {
  if (result.data instanceof BigInt64Array) return Array.from(result.data, Number)
  if (result.type === 'bool') return Array.from(result.data as Uint8Array, Boolean)
  return Array.from(result.data as ArrayLike<number | string>)
}
