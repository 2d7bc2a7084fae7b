import { createHash, type Hash } from 'node:crypto'
import { endianness } from 'node:os'
import type { CategoricalColumn, Column, NumericArray, TextColumn } from './column.js'
import type { Dataset } from './dataset.js'

/**
 * The canonical form's version, hashed first: changing the form changes every fingerprint, so a
 * new form must come with a new version (fingerprints are stored in lineage).
 */
export const FINGERPRINT_FORMAT = 'shipyard.dataset.v1'

const SLICE = 1 << 16
const BIG_ENDIAN = endianness() === 'BE'
const NULL_TEXT = 0xffff_ffff

/**
 * A content fingerprint of a dataset: the sha256 (hex) of a canonical form, so equal data gives
 * the same fingerprint however it was loaded (CSV or Parquet, float32 or float64 storage of the
 * same values, any dictionary order), and any changed value, name, type or order gives another.
 *
 * The canonical form (all integers little-endian u32): the format tag; the row and column counts;
 * per column, in order, its name and type, then its values in row order:
 * - numeric and datetime: each value as float64 bytes (float32 widened exactly), every NaN as the
 *   one quiet NaN (missing is NaN, whatever bits a file held);
 * - boolean: one byte each (1, 0, -1 missing);
 * - categorical: the distinct values in use, sorted by UTF-16 code units, then each row's index
 *   into that list (-1 missing): codes of two loads agree even when their dictionaries do not;
 * - text: each value as its UTF-8 byte length then bytes, missing as length 0xFFFFFFFF.
 * Strings elsewhere (names, types, dictionary entries) are length-prefixed UTF-8.
 *
 * Fast: typed arrays are hashed in 64 Ki-value slices straight from their bytes; only slices
 * holding NaN (or float32 values) are copied first.
 */
export function fingerprintDataset(dataset: Dataset): string {
  const hash = createHash('sha256')
  writeText(hash, FINGERPRINT_FORMAT)
  writeU32(hash, dataset.rowCount)
  writeU32(hash, dataset.columns.length)
  for (const column of dataset.columns) {
    writeText(hash, column.name)
    writeText(hash, column.type)
    writeValues(hash, column)
  }
  return hash.digest('hex')
}

function writeValues(hash: Hash, column: Column): void {
  switch (column.type) {
    case 'numeric':
    case 'datetime':
      writeFloats(hash, column.values)
      break
    case 'boolean':
      writeBytes(hash, column.values)
      break
    case 'categorical':
      writeCategorical(hash, column)
      break
    case 'text':
      writeTexts(hash, column)
      break
  }
}

function writeFloats(hash: Hash, values: NumericArray): void {
  const scratch = new Float64Array(Math.min(SLICE, values.length))
  const words = new Uint32Array(scratch.buffer)
  for (let start = 0; start < values.length; start += SLICE) {
    const slice = values.subarray(start, Math.min(values.length, start + SLICE))
    if (slice instanceof Float64Array && !BIG_ENDIAN && !hasNaN(slice)) {
      writeBytes(hash, slice)
      continue
    }
    const copy = scratch.subarray(0, slice.length)
    copy.set(slice)
    for (let i = 0; i < copy.length; i++) {
      if (Number.isNaN(copy[i])) {
        // The canonical quiet NaN 0x7FF8000000000000, written word by word so no engine can
        // substitute other NaN bits. Word order follows the platform's, as does `copy`.
        words[2 * i + (BIG_ENDIAN ? 1 : 0)] = 0
        words[2 * i + (BIG_ENDIAN ? 0 : 1)] = 0x7ff8_0000
      }
    }
    writeBytes(hash, copy, true)
  }
}

function hasNaN(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true
  return false
}

function writeCategorical(hash: Hash, column: CategoricalColumn): void {
  const { codes, dictionary } = column
  const used = new Uint8Array(dictionary.length)
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) used[codes[i]!] = 1
  const values = [...new Set(dictionary.filter((_, code) => used[code] === 1))].sort(compareCodeUnits)
  const rank = new Map(values.map((v, i) => [v, i]))
  const remap = Int32Array.from(dictionary, (v) => rank.get(v) ?? -1)
  writeU32(hash, values.length)
  for (const value of values) writeText(hash, value)
  const scratch = new Int32Array(Math.min(SLICE, codes.length))
  for (let start = 0; start < codes.length; start += SLICE) {
    const end = Math.min(codes.length, start + SLICE)
    const out = scratch.subarray(0, end - start)
    for (let i = start; i < end; i++) {
      const code = codes[i]!
      out[i - start] = code < 0 ? -1 : remap[code]!
    }
    writeBytes(hash, out, true)
  }
}

function writeTexts(hash: Hash, column: TextColumn): void {
  const buffer = Buffer.allocUnsafe(SLICE)
  let used = 0
  const flush = () => {
    hash.update(buffer.subarray(0, used))
    used = 0
  }
  for (const value of column.values) {
    if (used + 4 > buffer.length) flush()
    if (value === null) {
      used = buffer.writeUInt32LE(NULL_TEXT, used)
      continue
    }
    const length = Buffer.byteLength(value, 'utf8')
    used = buffer.writeUInt32LE(length, used)
    if (used + length > buffer.length) {
      flush()
      if (length > buffer.length) {
        hash.update(value, 'utf8')
        continue
      }
    }
    used += buffer.write(value, used, 'utf8')
  }
  flush()
}

/** Hashes a typed array's bytes in little-endian order; `mutable` allows swapping in place. */
function writeBytes(hash: Hash, values: Float64Array | Int32Array | Int8Array, mutable = false): void {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength)
  if (!BIG_ENDIAN || values.BYTES_PER_ELEMENT === 1) {
    hash.update(bytes)
    return
  }
  const own = mutable ? bytes : Buffer.from(bytes)
  if (values.BYTES_PER_ELEMENT === 8) own.swap64()
  else own.swap32()
  hash.update(own)
}

function writeU32(hash: Hash, value: number): void {
  const bytes = Buffer.allocUnsafe(4)
  bytes.writeUInt32LE(value >>> 0, 0)
  hash.update(bytes)
}

function writeText(hash: Hash, text: string): void {
  writeU32(hash, Buffer.byteLength(text, 'utf8'))
  hash.update(text, 'utf8')
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
