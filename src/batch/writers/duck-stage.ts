import {
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBType,
  FLOAT,
  TINYINT,
  VARCHAR,
} from '@duckdb/node-api'
import type { Column, Dataset } from '../../data/index.js'
import { invalidValue } from '../../shared/index.js'

// DuckDB's vectors hold 2048 rows; a staged chunk is appended in slices of that size.
const VECTOR_ROWS = 2048
const TABLE = 'staged'

/** The vectors' common write surface (each typed vector takes its own value type, or null). */
interface WritableVector {
  setItem(index: number, value: unknown): void
  flush(): void
}

type RawArray = Float64Array | Float32Array | Int8Array

/**
 * A private in-memory DuckDB that turns dataset chunks into files: each chunk is loaded into one
 * table (replacing the last, so memory holds one chunk) and written by `COPY`, DuckDB doing the
 * formatting. Values as written: numbers DOUBLE (FLOAT for float32 columns), booleans BOOLEAN,
 * datetimes TIMESTAMP (UTC, microseconds), categorical and text VARCHAR; missing values NULL.
 *
 * Numbers, booleans and datetimes are copied into DuckDB's vectors a slice at a time, not value by
 * value: NaN and -1 travel as they are and become NULL in the COPY's SELECT.
 */
export class DuckStage {
  readonly #instance: DuckDBInstance
  readonly #connection: DuckDBConnection
  #schema: string | undefined

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection) {
    this.#instance = instance
    this.#connection = connection
  }

  /** Opens a fresh database; nothing is downloaded (extension auto-install off). */
  static async open(): Promise<DuckStage> {
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    return new DuckStage(instance, await instance.connect())
  }

  /**
   * Writes `chunk` to `path` with `COPY ... TO path (options)`. Every chunk must have the first
   * one's columns and types (`INVALID_PARAMETER_VALUE` otherwise), so the parts of one output agree.
   */
  async copyChunk(chunk: Dataset, path: string, options: string): Promise<void> {
    const types = chunk.columns.map(stagedType)
    const definitions = chunk.columns.map((c, j) => `${ident(c.name)} ${types[j]!.toString()}`).join(', ')
    this.#schema ??= definitions
    if (definitions !== this.#schema) {
      throw invalidValue('chunk', `has columns (${definitions}); the first chunk had (${this.#schema})`)
    }
    await this.#connection.run(`CREATE OR REPLACE TABLE ${TABLE} (${definitions})`)
    await this.#append(chunk, types)
    const outputs = chunk.columns.map((c) => `${outputExpression(c)} AS ${ident(c.name)}`).join(', ')
    await this.#connection.run(`COPY (SELECT ${outputs} FROM ${TABLE}) TO ${literal(path)} (${options})`)
  }

  /** Runs a statement, e.g. the COPY that merges written parts. */
  async run(sql: string): Promise<void> {
    await this.#connection.run(sql)
  }

  /** Releases the database and its memory. */
  close(): void {
    this.#connection.closeSync()
    this.#instance.closeSync()
  }

  async #append(chunk: Dataset, types: readonly DuckDBType[]): Promise<void> {
    const appender = await this.#connection.createAppender(TABLE)
    try {
      for (let start = 0; start < chunk.rowCount; start += VECTOR_ROWS) {
        const count = Math.min(VECTOR_ROWS, chunk.rowCount - start)
        const data = DuckDBDataChunk.create([...types], count)
        chunk.columns.forEach((column, j) => {
          fillVector(data.getColumnVector(j) as unknown as WritableVector, column, start, count)
        })
        appender.appendDataChunk(data)
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
  }
}

/** SQL text of a path or other literal. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function stagedType(column: Column): DuckDBType {
  switch (column.type) {
    case 'numeric':
      return column.values instanceof Float32Array ? FLOAT : DOUBLE
    case 'datetime':
      return DOUBLE
    case 'boolean':
      return TINYINT
    case 'categorical':
    case 'text':
      return VARCHAR
  }
}

function outputExpression(column: Column): string {
  const ref = ident(column.name)
  switch (column.type) {
    case 'numeric':
      return `CASE WHEN isnan(${ref}) THEN NULL ELSE ${ref} END`
    case 'datetime':
      return `CASE WHEN isnan(${ref}) THEN NULL ELSE make_timestamp(CAST(round(${ref} * 1000) AS BIGINT)) END`
    case 'boolean':
      return `CASE ${ref} WHEN 1 THEN true WHEN 0 THEN false END`
    case 'categorical':
    case 'text':
      return ref
  }
}

/** Rows `start` to `start + count` of `column` into a fresh vector of its staged type. */
function fillVector(vector: WritableVector, column: Column, start: number, count: number): void {
  switch (column.type) {
    case 'numeric':
    case 'datetime':
    case 'boolean':
      copyRaw(vector, column.values.subarray(start, start + count))
      break
    case 'categorical': {
      const { codes, dictionary } = column
      for (let i = 0; i < count; i++) {
        const code = codes[start + i]!
        vector.setItem(i, code === -1 ? null : dictionary[code]!)
      }
      break
    }
    case 'text':
      for (let i = 0; i < count; i++) vector.setItem(i, column.values[start + i] ?? null)
      break
  }
  vector.flush()
}

/**
 * Copies fixed-width values into the vector's own typed array: `items`, a TypeScript-private field of
 * @duckdb/node-api (pinned exactly in package.json), as the loader reads it. Should a release rename
 * it, values go in one by one instead: slower, still right.
 */
function copyRaw(vector: WritableVector, values: RawArray): void {
  const items = (vector as { items?: unknown }).items
  if (items instanceof values.constructor && (items as RawArray).length >= values.length) {
    ;(items as RawArray).set(values)
    return
  }
  for (let i = 0; i < values.length; i++) vector.setItem(i, values[i])
}
