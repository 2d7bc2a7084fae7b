import type { OnnxFeed, OnnxResult } from '../onnx/index.js'

/**
 * Row operations on onnxruntime feeds and results, whose first dimension is the row: pick rows,
 * slice a range, concatenate. The micro-batcher joins requests' feeds and splits the results back;
 * the prediction cache runs only the rows it misses and puts cached rows back in place. Both use
 * these, so a row means the same thing to both.
 */
type Tensor = OnnxFeed | OnnxResult
type TensorData = Tensor['data']

/** Values per row: the product of the dimensions after the first (1 for a [N] tensor). */
export function rowWidth(tensor: Tensor): number {
  const rows = tensor.dims[0] ?? 0
  return rows === 0 ? tensor.dims.slice(1).reduce((a, b) => a * b, 1) : tensor.data.length / rows
}

/** The rows of `tensor` at `rows`, in that order. */
export function takeRows<T extends Tensor>(tensor: T, rows: readonly number[]): T {
  const width = rowWidth(tensor)
  const out = allocate(tensor.data, rows.length * width)
  rows.forEach((row, i) => {
    for (let j = 0; j < width; j++) out[i * width + j] = tensor.data[row * width + j]!
  })
  return withRows(tensor, out as TensorData, rows.length)
}

/** Rows `[begin, end)` of `tensor`. */
export function sliceRows<T extends Tensor>(tensor: T, begin: number, end: number): T {
  const width = rowWidth(tensor)
  return withRows(tensor, tensor.data.slice(begin * width, end * width) as TensorData, end - begin)
}

/** The tensors' rows one after another; they share type and row width. */
export function concatRows<T extends Tensor>(parts: readonly T[]): T {
  const first = parts[0]!
  if (parts.length === 1) return first
  const rows = parts.reduce((sum, part) => sum + (part.dims[0] ?? 0), 0)
  const out = allocate(
    first.data,
    parts.reduce((sum, part) => sum + part.data.length, 0),
  )
  let at = 0
  for (const part of parts) {
    for (let i = 0; i < part.data.length; i++) out[at + i] = part.data[i]!
    at += part.data.length
  }
  return withRows(first, out as TensorData, rows)
}

/** Applies `op` to every tensor of a named record (feeds or results). */
export function mapTensors<T extends Tensor>(
  tensors: Readonly<Record<string, T>>,
  op: (tensor: T, name: string) => T,
): Record<string, T> {
  return Object.fromEntries(Object.entries(tensors).map(([name, tensor]) => [name, op(tensor, name)]))
}

/** Concatenates records of tensors name by name (each record holds the same names). */
export function concatTensorRecords<T extends Tensor>(
  records: readonly Readonly<Record<string, T>>[],
): Record<string, T> {
  return mapTensors(records[0]!, (_, name) => concatRows(records.map((record) => record[name]!)))
}

type Writable = { [i: number]: unknown; readonly length: number }

function allocate(like: TensorData, length: number): Writable {
  if (Array.isArray(like)) return new Array<unknown>(length)
  const Typed = (like as Float32Array).constructor as new (n: number) => Writable
  return new Typed(length)
}

function withRows<T extends Tensor>(tensor: T, data: TensorData, rows: number): T {
  return { ...tensor, data, dims: [rows, ...tensor.dims.slice(1)] } as T
}
