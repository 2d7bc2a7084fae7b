import type { ModelSignature, SignatureTensor } from '../models/index.js'
import { type OnnxFeed, OnnxSession } from '../onnx/index.js'
import type { ModelRegistry } from '../registry/index.js'
import { ShipyardError } from '../shared/index.js'
import { type BatchingOptions, batchingSettings } from './batching/index.js'
import { LoadedModel, signatureOutputs } from './loaded-model.js'
import { predictionOutputs } from './protocol/index.js'

/** The registry methods the inference server uses: reads and alias lookups, never writes. */
export type ServingRegistry = Pick<
  ModelRegistry,
  'getVersion' | 'readModel' | 'resolve' | 'searchModels' | 'aliasGeneration'
>

/** Options of `loadModel`. */
export interface LoadModelOptions {
  /** onnxruntime's intra-op threads per session (default: onnxruntime's choice). */
  readonly intraOpThreads?: number
  /** How concurrent runs are joined (micro-batching); default 256 rows a run, no added wait. */
  readonly batching?: BatchingOptions
}

/**
 * Reads a version's ONNX bytes (checked against its sha256 by the registry), opens an onnxruntime
 * session on them and runs it once on a synthetic row (zeros, empty strings), so the first request
 * pays for nothing. Throws `RESOURCE_DOES_NOT_EXIST` for an unknown version,
 * `SHIPYARD_MODEL_ARTIFACT_CORRUPT` for bytes that no longer match their hash or a signature with no
 * output to read predictions from, and `SHIPYARD_MODEL_NOT_READY` naming the cause for a model
 * onnxruntime refuses or cannot run; `INVALID_PARAMETER_VALUE` for batching options out of range.
 */
export async function loadModel(
  registry: ServingRegistry,
  name: string,
  version: number,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const started = performance.now()
  const batching = batchingSettings(options.batching)
  const described = await registry.getVersion(name, version)
  // A model whose predictions cannot be read is refused now rather than at its first request.
  predictionOutputs(described.signature)
  const bytes = await registry.readModel(name, version)
  let session: OnnxSession
  try {
    session = await OnnxSession.load(bytes, options)
  } catch (error) {
    throw unloadable(name, version, error)
  }
  try {
    await session.run(syntheticFeeds(described.signature), signatureOutputs(described.signature))
  } catch (error) {
    await session.release()
    throw unloadable(name, version, error)
  }
  return new LoadedModel(described, session, (performance.now() - started) / 1000, batching)
}

/** Zeros (numbers) or empty strings (text) of each signature type, `count` of them in `dims`. */
const FILLERS: { readonly [T in SignatureTensor['type']]: (count: number, dims: number[]) => OnnxFeed } = {
  double: (count, dims) => ({ type: 'double', data: new Float64Array(count), dims }),
  float: (count, dims) => ({ type: 'float', data: new Float32Array(count), dims }),
  int64: (count, dims) => ({ type: 'int64', data: new BigInt64Array(count), dims }),
  string: (count, dims) => ({ type: 'string', data: new Array<string>(count).fill(''), dims }),
}

// One row in the shape each input declares: enough for onnxruntime to plan and allocate every node.
function syntheticFeeds(signature: ModelSignature): Record<string, OnnxFeed> {
  const feeds: Record<string, OnnxFeed> = {}
  for (const input of signature.inputs) {
    const dims = input.shape.map((size) => (size < 0 ? 1 : size))
    feeds[input.name] = FILLERS[input.type](
      dims.reduce((product, size) => product * size, 1),
      dims,
    )
  }
  return feeds
}

function unloadable(name: string, version: number, cause: unknown): ShipyardError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new ShipyardError(
    'SHIPYARD_MODEL_NOT_READY',
    `model '${name}' version ${version} cannot be served: ${reason}`,
    { details: { model: name, version }, cause },
  )
}
