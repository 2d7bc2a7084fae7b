import {
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBResult,
  type DuckDBTypeId,
  VARCHAR,
} from '@duckdb/node-api'

/** A result column's name and DuckDB type, known before the query runs. */
export interface DescribedColumn {
  readonly name: string
  readonly typeId: DuckDBTypeId
  /** The type as DuckDB prints it (`DECIMAL(10,2)`, `STRUCT(k BIGINT)`), for notes. */
  readonly typeText: string
  /** A type alias such as `JSON` (a VARCHAR holding JSON text). */
  readonly alias: string | undefined
}

/** One column of a fetched chunk: `getItem` is null for a missing value. */
export interface ChunkVector {
  getItem(index: number): unknown
}

/** A block of up to 2048 rows of a streamed result. */
export interface ResultChunk {
  readonly rowCount: number
  vector(column: number): ChunkVector
}

/** A streamed result: chunks in order, then null; `settle` before closing the session. */
export interface ChunkStream {
  next(): Promise<ResultChunk | null>
  settle(): Promise<void>
}

/** VARCHAR values for one column of appended rows (null is NULL). */
export type TextColumnValues = readonly (string | null)[]

const CHUNK_ROWS = 2048

/**
 * One private, in-memory DuckDB for one load: the few calls the loader makes, so the rest of the
 * loader never sees the driver's types. Not shared: each load opens its own and closes it, so loads
 * run concurrently without seeing each other's tables.
 *
 * Nothing downloads: extension auto-install and auto-load are off (parquet, json and icu are built
 * in). Time zone is UTC, so a timestamp without an offset means UTC on every machine. The
 * streaming buffer is raised from DuckDB's 1 MB so the scan keeps both cores busy while JS copies.
 */
export class DuckSession {
  readonly #instance: DuckDBInstance
  readonly #connection: DuckDBConnection

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection) {
    this.#instance = instance
    this.#connection = connection
  }

  /** Opens a fresh in-memory database with the settings above. */
  static async open(): Promise<DuckSession> {
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    const connection = await instance.connect()
    await connection.run("SET TimeZone = 'UTC'; SET streaming_buffer_size = '64MB'")
    return new DuckSession(instance, connection)
  }

  /** Runs statements for their effect. */
  async run(sql: string): Promise<void> {
    await this.#connection.run(sql)
  }

  /** A small query's rows as plain JS values (bigints as strings); for metadata, never for data. */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.#connection.runAndReadAll(sql)
    return reader.getRowObjectsJson() as Record<string, unknown>[]
  }

  /** The columns `sql` would return, from binding it (nothing is read but metadata and samples). */
  async describe(sql: string): Promise<DescribedColumn[]> {
    const statement = await this.#connection.prepare(sql)
    try {
      return Array.from({ length: statement.columnCount }, (_, i) => {
        const type = statement.columnType(i)
        return {
          name: statement.columnName(i),
          typeId: statement.columnTypeId(i),
          typeText: String(type),
          alias: type.alias,
        }
      })
    } finally {
      statement.destroySync()
    }
  }

  /**
   * Streams `sql`; `next()` gives chunks in result order, then null. The next chunk is fetched
   * while the caller copies the current one (each fetch is a hop to a native thread, about as
   * long as copying a chunk). `settle()` waits for a fetch still in flight, so a caller that stops
   * early never closes the session under a running fetch; call it before {@link close}.
   */
  async stream(sql: string): Promise<ChunkStream> {
    const result: DuckDBResult = await this.#connection.stream(sql)
    let pending: Promise<DuckDBDataChunk | null> | null = null
    let done = false
    return {
      async next() {
        if (done) return null
        const chunk = await (pending ?? result.fetchChunk())
        pending = null
        if (!chunk || chunk.rowCount === 0) {
          done = true
          return null
        }
        pending = result.fetchChunk()
        // Marked handled: a caller that stops early never awaits it; otherwise next() rethrows its error.
        pending.catch(() => {})
        return { rowCount: chunk.rowCount, vector: (i) => chunk.getColumnVector(i) }
      },
      async settle() {
        done = true
        const inFlight = pending
        pending = null
        await inFlight?.catch(() => null)
      },
    }
  }

  /** Appends rows, given column by column, to a table of VARCHAR columns. */
  async appendText(table: string, columns: readonly TextColumnValues[]): Promise<void> {
    const appender = await this.#connection.createAppender(table)
    try {
      const rowCount = columns[0]?.length ?? 0
      const types = columns.map(() => VARCHAR)
      for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
        const end = Math.min(rowCount, start + CHUNK_ROWS)
        const chunk = DuckDBDataChunk.create(types, end - start)
        for (const [j, values] of columns.entries()) chunk.setColumnValues(j, values.slice(start, end))
        appender.appendDataChunk(chunk)
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
  }

  /** Releases the database and its memory. */
  close(): void {
    this.#connection.closeSync()
    this.#instance.closeSync()
  }
}
