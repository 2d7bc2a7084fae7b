import type { ChunkVector } from './duckdb-session.js'

/**
 * Where streamed chunks land: one sink per result column, each filling one growing array. The
 * `keep` argument lists the rows of the chunk to copy (ascending) when some are being dropped;
 * null copies them all, which is the fast path.
 */
export interface ColumnSink {
  append(vector: ChunkVector, count: number, keep: Int32Array | null): void
}

type FixedArray = Float64Array | Float32Array | Int8Array
type FixedArrayConstructor = Float64ArrayConstructor | Float32ArrayConstructor | Int8ArrayConstructor

/**
 * The driver's own typed-array view of a fixed-width vector's data (DOUBLE -> Float64Array, FLOAT
 * -> Float32Array, TINYINT -> Int8Array). It is a TypeScript-private field of @duckdb/node-api
 * (pinned exactly in package.json); when a release renames it, this returns undefined and the sinks
 * fall back to `getItem`, slower but still correct.
 */
function rawItems(vector: ChunkVector, type: FixedArrayConstructor): FixedArray | undefined {
  const items = (vector as { items?: unknown }).items
  return items instanceof type ? items : undefined
}

/**
 * Numbers, booleans (TINYINT 1/0/-1) or epoch milliseconds copied chunk by chunk into a typed
 * array. NULLs were resolved in SQL (NaN or -1), so the fast path is one `set` per chunk.
 */
export class FixedWidthSink<T extends FixedArray> implements ColumnSink {
  readonly #type: FixedArrayConstructor
  readonly #missing: number
  #values: T
  #length = 0

  /** `missing` fills a NULL met on the `getItem` fallback path. */
  constructor(type: { new (length: number): T } & FixedArrayConstructor, capacity: number, missing: number) {
    this.#type = type
    this.#missing = missing
    this.#values = new type(capacity)
  }

  append(vector: ChunkVector, count: number, keep: Int32Array | null): void {
    const n = keep === null ? count : keep.length
    this.#reserve(this.#length + n)
    const items = rawItems(vector, this.#type)
    if (keep === null && items !== undefined) {
      this.#values.set(items.subarray(0, count), this.#length)
      this.#length += count
      return
    }
    const values = this.#values
    for (let k = 0; k < n; k++) {
      const i = keep === null ? k : keep[k]!
      const value = items === undefined ? (vector.getItem(i) as number | null) : items[i]!
      values[this.#length++] = value ?? this.#missing
    }
  }

  /**
   * The values, exactly as many as were appended. A capacity guess a little over (CSV line
   * estimates are ~2 % high) is trimmed with a view, not a copy: copying every column again would
   * cost more than the load's own copy. Far over, the values are copied so the slack is freed.
   */
  values(): T {
    const capacity = this.#values.length
    if (this.#length === capacity) return this.#values
    const slackIsSmall = capacity - this.#length <= capacity / 8
    return (slackIsSmall ? this.#values.subarray(0, this.#length) : this.#values.slice(0, this.#length)) as T
  }

  #reserve(needed: number): void {
    if (needed <= this.#values.length) return
    // Doubling from 64Ki rows: few regrowth copies when the row count was not known up front.
    const grown = new this.#type(Math.max(needed, this.#values.length * 2, 65_536)) as T
    grown.set(this.#values.subarray(0, this.#length))
    this.#values = grown
  }
}

/** What a string column holds once read: codes into a dictionary, or plain text. */
export type StringSinkResult =
  | {
      readonly form: 'codes'
      readonly codes: Int32Array
      readonly dictionary: readonly string[]
      readonly nonNull: number
    }
  | { readonly form: 'text'; readonly values: (string | null)[]; readonly nonNull: number }

/**
 * Strings, dictionary-encoded as they arrive (codes in order of first appearance, -1 missing).
 * In `infer` mode a column that passes `maxDistinct` distinct values switches to plain text for
 * the rest, so an id column does not build a million-entry map for nothing.
 */
export class StringSink implements ColumnSink {
  readonly #mode: 'categorical' | 'text' | 'infer'
  readonly #maxDistinct: number
  readonly #codeByValue = new Map<string, number>()
  readonly #dictionary: string[] = []
  #codeBuffer: Int32Array
  #length = 0
  #text: (string | null)[] | undefined
  #nonNull = 0

  constructor(mode: 'categorical' | 'text' | 'infer', maxDistinct: number, capacity: number) {
    this.#mode = mode
    this.#maxDistinct = maxDistinct
    this.#codeBuffer = new Int32Array(mode === 'text' ? 0 : capacity)
    if (mode === 'text') this.#text = []
  }

  append(vector: ChunkVector, count: number, keep: Int32Array | null): void {
    const n = keep === null ? count : keep.length
    for (let k = 0; k < n; k++) {
      const value = vector.getItem(keep === null ? k : keep[k]!) as string | null
      if (value !== null) this.#nonNull++
      if (this.#text !== undefined) {
        this.#text.push(value)
        continue
      }
      this.#pushCode(value)
      if (this.#mode === 'infer' && this.#dictionary.length > this.#maxDistinct) this.#switchToText()
    }
  }

  result(): StringSinkResult {
    if (this.#text !== undefined) {
      return { form: 'text', values: this.#text, nonNull: this.#nonNull }
    }
    const codes =
      this.#length === this.#codeBuffer.length ? this.#codeBuffer : this.#codeBuffer.slice(0, this.#length)
    return { form: 'codes', codes, dictionary: this.#dictionary, nonNull: this.#nonNull }
  }

  #pushCode(value: string | null): void {
    if (this.#length === this.#codeBuffer.length) {
      const grown = new Int32Array(Math.max(1024, Math.ceil(this.#length * 1.5)))
      grown.set(this.#codeBuffer)
      this.#codeBuffer = grown
    }
    let code = -1
    if (value !== null) {
      const known = this.#codeByValue.get(value)
      if (known === undefined) {
        code = this.#dictionary.length
        this.#dictionary.push(value)
        this.#codeByValue.set(value, code)
      } else {
        code = known
      }
    }
    this.#codeBuffer[this.#length++] = code
  }

  #switchToText(): void {
    const dictionary = this.#dictionary
    const text = new Array<string | null>(this.#length)
    for (let i = 0; i < this.#length; i++) {
      const code = this.#codeBuffer[i]!
      text[i] = code === -1 ? null : dictionary[code]!
    }
    this.#text = text
    this.#codeBuffer = new Int32Array(0)
    this.#codeByValue.clear()
    this.#dictionary.length = 0
  }
}
