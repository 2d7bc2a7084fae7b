import type { OnnxResult } from '../../onnx/index.js'
import { mapTensors, sliceRows } from '../tensor-rows.js'

/**
 * One row's answer as the cache keeps it: every output the model computes, each a tensor of one row
 * (dims `[1, ...]`). Immutable once stored: cached rows are shared by every request that hits them.
 */
export type CachedRow = Readonly<Record<string, OnnxResult>>

/** The rows of a run's `results`, one `CachedRow` each (copies: none keeps the run's buffers alive). */
export function splitRows(results: Readonly<Record<string, OnnxResult>>, rowCount: number): CachedRow[] {
  return Array.from({ length: rowCount }, (_, row) => mapTensors(results, (t) => sliceRows(t, row, row + 1)))
}

// What a Map entry, its record and each tensor object cost besides their data, roughly (V8, 64-bit).
const ROW_OVERHEAD_BYTES = 160
const TENSOR_OVERHEAD_BYTES = 120
const STRING_OVERHEAD_BYTES = 16

/**
 * About how many bytes of heap `row` and its `key` hold, for the local cache's byte bound: typed data
 * by its byte length, strings at two bytes a character (V8's worst case) plus a header each.
 */
export function rowBytes(key: string, row: CachedRow): number {
  let bytes = ROW_OVERHEAD_BYTES + key.length * 2
  for (const tensor of Object.values(row)) {
    bytes += TENSOR_OVERHEAD_BYTES
    const data = tensor.data
    if (Array.isArray(data)) {
      for (const text of data as readonly string[]) bytes += STRING_OVERHEAD_BYTES + text.length * 2
    } else {
      bytes += (data as Exclude<OnnxResult['data'], readonly string[]>).byteLength
    }
  }
  return bytes
}
