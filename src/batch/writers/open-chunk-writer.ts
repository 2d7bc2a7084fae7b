import { createReadStream } from 'node:fs'
import { type FileHandle, open, rm } from 'node:fs/promises'
import type { Dataset } from '../../data/index.js'
import { invalidValue } from '../../shared/index.js'
import { type ChunkWriter, type OutputFormat, outputFormatOf } from './chunk-writer.js'
import { DuckStage, literal } from './duck-stage.js'
import { TempOutput } from './temp-output.js'

/**
 * How each format is built from per-chunk parts. Text formats append each part to the temp file as
 * it is written (then drop it); Parquet cannot be appended to, so its parts stay until `commit`
 * merges them with one streaming COPY (DuckDB reads the parts in order, a row group at a time).
 */
interface FormatPlan {
  readonly extension: string
  /** COPY options of one chunk's part. */
  copyOptions(first: boolean): string
  readonly appends: boolean
}

const FORMATS: Readonly<Record<OutputFormat, FormatPlan>> = {
  csv: { extension: 'csv', copyOptions: (first) => `FORMAT csv, HEADER ${first}`, appends: true },
  jsonl: { extension: 'jsonl', copyOptions: () => 'FORMAT json', appends: true },
  parquet: { extension: 'parquet', copyOptions: () => 'FORMAT parquet', appends: false },
}

const READ_CHUNK = 1 << 20

/**
 * A {@link ChunkWriter} for `path`, its format from the extension (see `outputFormatOf`). Each
 * chunk is formatted by DuckDB (see `DuckStage`), so the file reads back with the types it was
 * written with. The output's folder must exist.
 */
export async function openChunkWriter(path: string): Promise<ChunkWriter> {
  const format = outputFormatOf(path)
  const temp = await TempOutput.beside(path)
  return new DuckChunkWriter(format, temp, await DuckStage.open())
}

class DuckChunkWriter implements ChunkWriter {
  readonly format: OutputFormat
  readonly #plan: FormatPlan
  readonly #temp: TempOutput
  readonly #stage: DuckStage
  readonly #parts: string[] = []
  #text: FileHandle | undefined
  #closed = false

  constructor(format: OutputFormat, temp: TempOutput, stage: DuckStage) {
    this.format = format
    this.#plan = FORMATS[format]
    this.#temp = temp
    this.#stage = stage
  }

  async write(chunk: Dataset): Promise<void> {
    if (this.#closed) throw invalidValue('chunk', 'the writer was committed or aborted')
    const part = await this.#temp.part(this.#parts.length, this.#plan.extension)
    await this.#stage.copyChunk(chunk, part, this.#plan.copyOptions(this.#parts.length === 0))
    this.#parts.push(part)
    if (!this.#plan.appends) return
    this.#text ??= await open(this.#temp.file, 'w')
    await appendFile(this.#text, part)
    await rm(part)
  }

  async commit(): Promise<void> {
    if (this.#parts.length === 0)
      throw invalidValue('chunk', 'nothing was written; write at least one chunk (it may be empty)')
    if (this.#plan.appends) {
      await this.#text!.close()
      this.#text = undefined
    } else {
      const parts = `[${this.#parts.map(literal).join(', ')}]`
      // One thread reads the parts in order and writes a row group at a time. With more, DuckDB reads
      // ahead and holds what it read until the order lets it write: merging 2M rows x 31 columns
      // peaked at 1.2 GB with the default two threads, 0.2 GB with one, for about a second more.
      await this.#stage.run('SET threads = 1')
      await this.#stage.run(
        `COPY (SELECT * FROM read_parquet(${parts})) TO ${literal(this.#temp.file)} (FORMAT parquet)`,
      )
    }
    this.#close()
    await this.#temp.commit()
  }

  async abort(): Promise<void> {
    await this.#text?.close().catch(() => {})
    this.#text = undefined
    this.#close()
    await this.#temp.discard()
  }

  #close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#stage.close()
  }
}

async function appendFile(target: FileHandle, part: string): Promise<void> {
  for await (const bytes of createReadStream(part, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
    let offset = 0
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await target.write(bytes, offset, bytes.byteLength - offset)
      offset += bytesWritten
    }
  }
}
