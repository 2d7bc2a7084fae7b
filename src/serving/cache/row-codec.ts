import type { OnnxResult } from '../../onnx/index.js'
import type { CachedRow } from './cached-row.js'

/** The typed arrays onnxruntime answers with, by constructor name. */
const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  BigInt64Array,
  Int32Array,
  Uint8Array,
} as const
type TypedArrayName = keyof typeof TYPED_ARRAYS
type TypedData = Exclude<OnnxResult['data'], readonly string[]>

/** One tensor as stored: element type, dims, and either strings or the typed array's bytes in base64. */
interface StoredTensor {
  readonly type: string
  readonly dims: readonly number[]
  readonly strings?: readonly string[]
  readonly array?: TypedArrayName
  readonly bytes?: string
}

/**
 * A cached row as text for a shared store (Redis): JSON, typed data as its raw bytes in base64 so that
 * every value comes back bit for bit (NaN, -0, int64). Byte order is the host's; every platform
 * Node and onnxruntime run on is little-endian.
 */
export function encodeRow(row: CachedRow): string {
  const stored: Record<string, StoredTensor> = {}
  for (const [name, tensor] of Object.entries(row)) stored[name] = storedTensor(tensor)
  return JSON.stringify(stored)
}

/**
 * The row `encodeRow` wrote, or `undefined` when `text` is not one (a store holding something else
 * under the key): the caller treats it as a miss and the next answer overwrites it.
 */
export function decodeRow(text: string): CachedRow | undefined {
  try {
    const stored = JSON.parse(text) as Record<string, StoredTensor>
    const row: Record<string, OnnxResult> = {}
    for (const [name, tensor] of Object.entries(stored)) {
      const data = tensorData(tensor)
      if (data === undefined || !Array.isArray(tensor.dims)) return undefined
      row[name] = { type: tensor.type, dims: tensor.dims, data }
    }
    return row
  } catch {
    return undefined
  }
}

function storedTensor(tensor: OnnxResult): StoredTensor {
  const { type, dims, data } = tensor
  if (Array.isArray(data)) return { type, dims, strings: data as readonly string[] }
  const typed = data as TypedData
  return {
    type,
    dims,
    array: typed.constructor.name as TypedArrayName,
    bytes: Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString('base64'),
  }
}

function tensorData(tensor: StoredTensor): OnnxResult['data'] | undefined {
  if (Array.isArray(tensor.strings)) return tensor.strings
  if (!Object.hasOwn(TYPED_ARRAYS, tensor.array ?? '') || typeof tensor.bytes !== 'string') return undefined
  const Typed = TYPED_ARRAYS[tensor.array!]
  const bytes = Buffer.from(tensor.bytes, 'base64')
  if (bytes.byteLength % Typed.BYTES_PER_ELEMENT !== 0) return undefined
  // A copy into a buffer of its own: Buffer.from may hand out a slice of a shared pool, unaligned.
  const aligned = new Uint8Array(bytes)
  return new Typed(aligned.buffer, 0, bytes.byteLength / Typed.BYTES_PER_ELEMENT)
}
