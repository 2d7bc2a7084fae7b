import type { Dataset } from '../../data/index.js'
import { invalidValue } from '../../shared/index.js'

/** The formats a batch output can take, from its file's extension. */
export type OutputFormat = 'csv' | 'jsonl' | 'parquet'

const FORMAT_BY_EXTENSION: Readonly<Record<string, OutputFormat>> = {
  csv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
}

/**
 * Writes one output file chunk by chunk, so memory holds one chunk whatever the row count.
 *
 * Contract, for every format:
 * - `write` calls are sequential (await each); every chunk has the first one's columns and types
 *   (`INVALID_PARAMETER_VALUE` otherwise). Rows keep their order.
 * - Nothing appears at the output path until `commit` resolves; then the complete file replaces any
 *   file there (one rename). Temp files live beside it, named `.<name>.<hex>.shipyard-tmp|-parts`.
 * - `abort` removes everything written and leaves the output path as it was; it is idempotent,
 *   and the caller calls it whenever `write` or `commit` failed.
 */
export interface ChunkWriter {
  readonly format: OutputFormat
  write(chunk: Dataset): Promise<void>
  commit(): Promise<void>
  abort(): Promise<void>
}

/**
 * The output format of `path` from its extension: `.csv`, `.jsonl`/`.ndjson` (one JSON object per
 * line) or `.parquet`/`.pq`. `INVALID_PARAMETER_VALUE` naming the extensions otherwise.
 */
export function outputFormatOf(path: string): OutputFormat {
  const dot = path.lastIndexOf('.')
  const extension = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : ''
  const format = FORMAT_BY_EXTENSION[extension]
  if (format) return format
  const known = Object.keys(FORMAT_BY_EXTENSION).map((e) => `.${e}`)
  throw invalidValue(
    'output',
    `cannot tell the format of '${path}' from its extension; use one of ${known.join(' ')}`,
  )
}
