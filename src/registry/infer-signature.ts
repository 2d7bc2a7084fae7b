import type { ModelSignature, SignatureInput, SignatureTensor, Task } from '../models/index.js'
import type { OnnxValueInfo } from '../onnx/index.js'
import { invalidValue, ShipyardError } from '../shared/index.js'

/** What a caller knows about a graph that it does not say itself. */
export interface SignatureHints {
  /** Column names of the one [-1, k] input (k names). Default `<input>_0` ... `<input>_<k-1>`. */
  readonly features?: readonly string[]
  /** Default: classification when a 2-D float output's name contains `prob`, else regression. */
  readonly task?: Task
  /** Class labels in the order of the probability columns. Default 0 ... k-1. */
  readonly classes?: readonly (number | string)[]
  /** The target column's name. Default `''` (unknown). */
  readonly target?: string
}

const TENSOR_TYPES: ReadonlySet<string> = new Set(['double', 'float', 'int64', 'string'])

/**
 * The signature of a graph made elsewhere, from what it declares: each input becomes a signature
 * input (symbolic dimensions as -1; strings categorical, numbers numeric), and a [-1, k > 1] input is
 * filled from k columns. The task comes from a 2-D float output whose name contains `prob` (binary
 * for two columns, multiclass for more) unless `hints.task` says otherwise. Outputs that are not
 * tensors (skl2onnx's ZipMap) are left out. Refuses what a signature cannot hold, naming the tensor.
 */
export function inferSignature(
  inputs: readonly OnnxValueInfo[],
  outputs: readonly OnnxValueInfo[],
  hints: SignatureHints = {},
): ModelSignature {
  const signatureInputs = inferInputs(inputs, hints.features)
  const tensors = outputs.filter((o) => o.type !== 'non-tensor').map((o) => tensor(o, 'outputs'))
  if (tensors.length === 0) throw invalidValue('onnx', 'the graph has no tensor output to serve')
  const probabilities = tensors.find(
    (t) => t.type === 'float' && t.shape.length === 2 && /prob/i.test(t.name) && (t.shape[1] ?? 0) > 1,
  )
  const base = {
    format: 'shipyard.signature',
    version: 1,
    target: hints.target ?? '',
    inputs: signatureInputs,
    outputs: tensors,
  } as const
  const columns = probabilities?.shape[1]
  const task = hints.task ?? (columns === undefined ? 'regression' : columns === 2 ? 'binary' : 'multiclass')
  if (task === 'regression') return { ...base, task }
  const classes =
    hints.classes ?? (columns === undefined ? undefined : Array.from({ length: columns }, (_, i) => i))
  if (classes === undefined) {
    throw invalidValue(
      'classes',
      `a ${task} model without a [-1, k] probabilities output needs its class labels`,
    )
  }
  if (columns !== undefined && classes.length !== columns) {
    throw invalidValue(
      'classes',
      `output '${probabilities?.name}' has ${columns} columns; ${classes.length} labels given`,
    )
  }
  return { ...base, task, classes }
}

function inferInputs(
  inputs: readonly OnnxValueInfo[],
  features: readonly string[] | undefined,
): SignatureInput[] {
  const matrices = inputs.filter((input) => matrixWidth(input) !== undefined)
  if (features !== undefined && matrices.length !== 1) {
    throw invalidValue(
      'features',
      `names the columns of one [-1, k] input; the graph has ${matrices.length} (${inputs.map((i) => i.name).join(', ')})`,
    )
  }
  return inputs.map((input) => {
    const described = tensor(input, 'inputs')
    const columnType = described.type === 'string' ? 'categorical' : 'numeric'
    const width = matrixWidth(input)
    if (width === undefined) return { ...described, columnType }
    if (features !== undefined && features.length !== width) {
      throw invalidValue(
        'features',
        `input '${input.name}' takes ${width} columns; ${features.length} names given`,
      )
    }
    const columns = features ?? Array.from({ length: width }, (_, i) => `${input.name}_${i}`)
    return { ...described, columnType, columns }
  })
}

/** k for a [-1, k > 1] input, else undefined. */
function matrixWidth(input: OnnxValueInfo): number | undefined {
  const [rows, width] = input.shape
  if (input.shape.length !== 2 || typeof width !== 'number' || width <= 1) return undefined
  return typeof rows === 'number' && rows > 0 ? undefined : width
}

function tensor(info: OnnxValueInfo, field: 'inputs' | 'outputs'): SignatureTensor {
  if (!TENSOR_TYPES.has(info.type)) {
    throw invalidValue(
      `${field}.${info.name}`,
      `element type '${info.type}' is not one Shipyard serves (${[...TENSOR_TYPES].join(', ')})`,
    )
  }
  return {
    name: info.name,
    type: info.type as SignatureTensor['type'],
    shape: info.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
  }
}

/**
 * The inputs and outputs a graph declares, as onnxruntime loads it; a graph it refuses is
 * `INVALID_PARAMETER_VALUE` naming the field `onnx`.
 */
export async function readOnnxGraph(
  onnx: Uint8Array,
): Promise<{ inputs: readonly OnnxValueInfo[]; outputs: readonly OnnxValueInfo[] }> {
  // Loaded on use: the registry (and the SDK that opens it) must not pay for onnxruntime up front.
  const { OnnxSession } = await import('../onnx/index.js')
  let session: Awaited<ReturnType<typeof OnnxSession.load>>
  try {
    session = await OnnxSession.load(onnx)
  } catch (error) {
    if (!(error instanceof ShipyardError)) throw error
    throw new ShipyardError('INVALID_PARAMETER_VALUE', `onnx: ${error.message}`, {
      details: { field: 'onnx' },
      cause: error,
    })
  }
  try {
    return { inputs: session.inputs, outputs: session.outputs }
  } finally {
    await session.release()
  }
}
