import type { ModelSignature, SignatureTensor } from '../../models/index.js'
import { V2_DATATYPE_OF, type V2Datatype } from './v2-datatypes.js'

/** A tensor as Open Inference Protocol metadata describes it: -1 for a dimension of any size. */
export interface V2MetadataTensor {
  readonly name: string
  readonly datatype: V2Datatype
  readonly shape: readonly number[]
}

/** The body of `GET /v2/models/{name}`. */
export interface V2ModelMetadata {
  readonly name: string
  readonly versions: readonly string[]
  readonly platform: 'onnxruntime'
  readonly inputs: readonly V2MetadataTensor[]
  readonly outputs: readonly V2MetadataTensor[]
}

/**
 * Open Inference Protocol model metadata `{name, versions, platform, inputs, outputs}` from a
 * signature: each input and output with its datatype (double FP64, float FP32, int64 INT64, string
 * BYTES) and shape (`[-1, 1]` for a column).
 */
export function v2ModelMetadata(
  name: string,
  versions: readonly (string | number)[],
  signature: ModelSignature,
): V2ModelMetadata {
  return {
    name,
    versions: versions.map(String),
    platform: 'onnxruntime',
    inputs: signature.inputs.map(metadataTensor),
    outputs: signature.outputs.map(metadataTensor),
  }
}

function metadataTensor(tensor: SignatureTensor): V2MetadataTensor {
  return { name: tensor.name, datatype: V2_DATATYPE_OF[tensor.type], shape: [...tensor.shape] }
}
