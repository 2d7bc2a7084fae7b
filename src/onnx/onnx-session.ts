import * as ort from 'onnxruntime-node'
import { ShipyardError } from '../shared/index.js'
import type { ElementType } from './tensor-types.js'

/** onnxruntime-node's names for ONNX element types, and back. */
const ORT_TYPES = {
  float: 'float32',
  double: 'float64',
  int64: 'int64',
  bool: 'bool',
  string: 'string',
} as const
const ELEMENT_OF: Readonly<Record<string, ElementType>> = {
  float32: 'float',
  float64: 'double',
  int64: 'int64',
  int32: 'int32',
  uint8: 'uint8',
  bool: 'bool',
  string: 'string',
}

/** Input data for one named model input. */
export type OnnxFeed =
  | { readonly type: 'float'; readonly data: Float32Array; readonly dims: readonly number[] }
  | { readonly type: 'double'; readonly data: Float64Array; readonly dims: readonly number[] }
  | { readonly type: 'int64'; readonly data: BigInt64Array; readonly dims: readonly number[] }
  | { readonly type: 'bool'; readonly data: Uint8Array; readonly dims: readonly number[] }
  | { readonly type: 'string'; readonly data: readonly string[]; readonly dims: readonly number[] }

/** One output of a run: its element type, flat data and shape. */
export interface OnnxResult {
  readonly type: ElementType | string
  readonly data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | readonly string[]
  readonly dims: readonly number[]
}

/** A model input or output as the model declares it: element type and shape (strings are symbolic dims). */
export interface OnnxValueInfo {
  readonly name: string
  /** `float`, `double`, `int64`, `string`, ...; `non-tensor` for sequences and maps (e.g. ZipMap output). */
  readonly type: ElementType | string
  readonly shape: readonly (number | string)[]
}

/**
 * An onnxruntime session over one model, for any ONNX model (Shipyard's own or one trained elsewhere).
 * Keeps onnxruntime's types out of the rest of the code. `run` may be called concurrently.
 */
export class OnnxSession {
  readonly #session: ort.InferenceSession

  private constructor(session: ort.InferenceSession) {
    this.#session = session
  }

  /** Loads a model from bytes or a file path. A model onnxruntime refuses: `INVALID_PARAMETER_VALUE` with its reason. */
  static async load(
    model: Uint8Array | string,
    options: { intraOpThreads?: number } = {},
  ): Promise<OnnxSession> {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      ...(options.intraOpThreads === undefined ? {} : { intraOpNumThreads: options.intraOpThreads }),
    }
    try {
      const session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, sessionOptions)
          : await ort.InferenceSession.create(model, sessionOptions)
      return new OnnxSession(session)
    } catch (error) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `onnxruntime refused the model: ${messageOf(error)}`,
        {
          cause: error,
        },
      )
    }
  }

  get inputNames(): readonly string[] {
    return this.#session.inputNames
  }

  get outputNames(): readonly string[] {
    return this.#session.outputNames
  }

  /** The declared inputs, in order. */
  get inputs(): readonly OnnxValueInfo[] {
    return this.#session.inputMetadata.map(valueInfo)
  }

  /** The declared outputs, in order. */
  get outputs(): readonly OnnxValueInfo[] {
    return this.#session.outputMetadata.map(valueInfo)
  }

  /** Runs the model; `outputs` limits which outputs are computed (default: all). */
  async run(
    feeds: Readonly<Record<string, OnnxFeed>>,
    outputs?: readonly string[],
  ): Promise<Record<string, OnnxResult>> {
    const tensors: Record<string, ort.Tensor> = {}
    for (const [name, feed] of Object.entries(feeds)) {
      tensors[name] = new ort.Tensor(ORT_TYPES[feed.type], feed.data as never, [...feed.dims])
    }
    let results: ort.InferenceSession.ReturnType
    try {
      results = outputs ? await this.#session.run(tensors, [...outputs]) : await this.#session.run(tensors)
    } catch (error) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `onnxruntime could not run the model: ${messageOf(error)}`,
        {
          cause: error,
        },
      )
    }
    const out: Record<string, OnnxResult> = {}
    for (const [name, tensor] of Object.entries(results)) {
      out[name] = {
        type: ELEMENT_OF[tensor.type] ?? tensor.type,
        data: tensor.data as OnnxResult['data'],
        dims: tensor.dims,
      }
    }
    return out
  }

  /** Frees the native session. */
  release(): Promise<void> {
    return this.#session.release()
  }
}

function valueInfo(meta: ort.InferenceSession.ValueMetadata): OnnxValueInfo {
  if (!meta.isTensor) return { name: meta.name, type: 'non-tensor', shape: [] }
  return { name: meta.name, type: ELEMENT_OF[meta.type] ?? meta.type, shape: meta.shape }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
