import { open, stat } from 'node:fs/promises'
import { invalidValue, notFound, ShipyardError } from '../../shared/index.js'
import type { FileFormat } from './load-types.js'

const FORMAT_BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  parquet: 'parquet',
  pq: 'parquet',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'jsonl',
}

const COMPRESSION_SUFFIX = /\.(gz|zst)$/i

/** The lower-case extension of a path, ignoring a compression suffix (`tx.csv.gz` -> `csv`). */
export function extensionOf(path: string): string {
  const base = path.replace(COMPRESSION_SUFFIX, '')
  const dot = base.lastIndexOf('.')
  return dot <= base.lastIndexOf('/') ? '' : base.slice(dot + 1).toLowerCase()
}

/**
 * The format of `path`: `format` when given, else from the extension. `INVALID_PARAMETER_VALUE`
 * naming the path and the extensions Shipyard knows when neither says.
 */
export function formatOf(path: string, format: FileFormat | undefined): FileFormat {
  if (format !== undefined) {
    if (!['csv', 'parquet', 'jsonl'].includes(format)) {
      throw invalidValue('format', `'${String(format)}' is not a file format; use csv, parquet or jsonl`)
    }
    return format
  }
  const found = FORMAT_BY_EXTENSION[extensionOf(path)]
  if (found) return found
  const known = Object.keys(FORMAT_BY_EXTENSION).map((e) => `.${e}`)
  throw invalidValue(
    'format',
    `cannot tell the format of '${path}' from its extension (known: ${known.join(' ')}); pass format: 'csv' | 'parquet' | 'jsonl'`,
  )
}

/** True when `path` is a DuckDB glob pattern, which names files rather than being one. */
export function isGlob(path: string): boolean {
  return /[*?[]/.test(path)
}

/** What {@link checkDataFile} learnt: the size, and the first bytes (at most 64 KiB). */
export interface DataFileInfo {
  readonly size: number
  readonly head: Buffer
}

const HEAD_BYTES = 64 * 1024

/**
 * Checks that `path` is a readable, non-empty file before DuckDB sees it, so the error names the
 * file plainly: `RESOURCE_DOES_NOT_EXIST` when missing, `INVALID_PARAMETER_VALUE` when it is a
 * directory or empty (zero bytes, or only whitespace for text formats).
 */
export async function checkDataFile(path: string, format: FileFormat): Promise<DataFileInfo> {
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw notFound('file', path)
    throw new ShipyardError('INVALID_PARAMETER_VALUE', `${path}: cannot read the file (${error.code})`, {
      details: { file: path },
      cause: error,
    })
  })
  if (!stats.isFile()) throw emptyOrNotFile(path, 'is not a file')
  const head = await readHead(path, Math.min(stats.size, HEAD_BYTES))
  const blank =
    stats.size === 0 ||
    (format !== 'parquet' && stats.size <= HEAD_BYTES && head.toString('utf8').trim() === '')
  if (blank) throw emptyOrNotFile(path, 'is empty: it has no header and no rows')
  return { size: stats.size, head }
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * About how many lines a text file holds, from its size and the first 64 KiB's line length: close
 * enough (2 % over) that the typed arrays are allocated once. Undefined for compressed files.
 */
export function estimateLines(file: DataFileInfo, path: string): number | undefined {
  if (COMPRESSION_SUFFIX.test(path) || file.head.length === 0) return undefined
  let lines = 0
  for (let i = file.head.indexOf(10); i !== -1; i = file.head.indexOf(10, i + 1)) lines++
  if (file.size <= file.head.length) return lines + 1
  return Math.ceil((file.size / file.head.length) * Math.max(lines, 1) * 1.02)
}

function emptyOrNotFile(path: string, what: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `${path} ${what}`, { details: { file: path } })
}
