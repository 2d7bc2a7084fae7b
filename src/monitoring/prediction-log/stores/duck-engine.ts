import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  VARCHAR,
} from '@duckdb/node-api'

/** The column types the embedded store writes. */
export type StagedType = 'DOUBLE' | 'VARCHAR' | 'BOOLEAN' | 'BIGINT' | 'INTEGER'

/** A column to write: values of its type (`bigint` for BIGINT) or null. */
export interface StagedColumn {
  readonly name: string
  readonly type: StagedType
  readonly values: readonly (number | string | boolean | bigint | null)[]
}

/** Rows of a small result, with JS values (BIGINT as bigint). */
export interface ResultRows {
  readonly names: readonly string[]
  readonly rows: readonly (readonly unknown[])[]
}

const DUCK_TYPES: Readonly<Record<StagedType, DuckDBType>> = {
  DOUBLE,
  VARCHAR,
  BOOLEAN,
  BIGINT,
  INTEGER,
}
// DuckDB's vectors hold 2048 rows; a staged chunk is appended in slices of that size.
const VECTOR_ROWS = 2048

/**
 * The embedded store's private in-memory DuckDB: the few calls it makes, so the store never sees the
 * driver's types. Each call takes its own connection, so reads and writes run concurrently.
 *
 * Nothing downloads (extension auto-install and auto-load are off; parquet is built in). Parquet
 * footers are cached across queries (`parquet_metadata_cache`): the store's file names are never
 * reused, so a cached footer is never stale, and DuckDB bounds the cache with an LRU
 * (duckdb/duckdb#20157; before it, footers of deleted files stayed in memory).
 */
export class DuckEngine {
  readonly #instance: DuckDBInstance

  private constructor(instance: DuckDBInstance) {
    this.#instance = instance
  }

  static async open(): Promise<DuckEngine> {
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    const engine = new DuckEngine(instance)
    await engine.#with((c) =>
      c.run("SET TimeZone = 'UTC'; SET parquet_metadata_cache = true; SET streaming_buffer_size = '64MB'"),
    )
    return engine
  }

  /** Runs a statement for its effect. */
  async run(sql: string, params: readonly unknown[] = []): Promise<void> {
    await this.#with((c) => c.run(sql, params as DuckDBValue[]))
  }

  /** A small result's rows, for records and metadata; never for bulk data (see {@link readColumns}). */
  async rows(sql: string, params: readonly unknown[] = []): Promise<ResultRows> {
    return this.session((s) => s.rows(sql, params))
  }

  /** Writes `columns` (each `rowCount` values long) to a new Parquet file at `path` (zstd-compressed). */
  async writeParquet(columns: readonly StagedColumn[], rowCount: number, path: string): Promise<void> {
    await this.session(async (session) => {
      await session.stage('staged', columns, rowCount)
      await session.run(`COPY staged TO ${quoteLiteral(path)} (FORMAT parquet, COMPRESSION zstd)`)
    })
  }

  /** Runs `work` on one connection, whose temporary tables (`stage`) live until it ends. */
  async session<T>(work: (session: DuckSessionCalls) => Promise<T>): Promise<T> {
    return this.#with((c) =>
      work({
        run: async (sql, params = []) => {
          await c.run(sql, params as DuckDBValue[])
        },
        rows: async (sql, params = []) => {
          const reader = await c.runAndReadAll(sql, params as DuckDBValue[])
          return { names: reader.columnNames(), rows: reader.getRowsJS() }
        },
        stage: (table, columns, rowCount) => stage(c, table, columns, rowCount),
        stream: (sql, params = []) => stream(c, sql, params),
      }),
    )
  }

  close(): void {
    this.#instance.closeSync()
  }

  async #with<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.#instance.connect()
    try {
      return await work(connection)
    } finally {
      connection.closeSync()
    }
  }
}

/** The calls of one connection: see {@link DuckEngine.session}. */
export interface DuckSessionCalls {
  run(sql: string, params?: readonly unknown[]): Promise<void>
  rows(sql: string, params?: readonly unknown[]): Promise<ResultRows>
  /** Creates the temporary table `table` with `columns` and appends their values. */
  stage(table: string, columns: readonly StagedColumn[], rowCount: number): Promise<void>
  /** A result chunk by chunk (up to 2048 rows each), for bulk reads with no JS object per row. */
  stream(sql: string, params?: readonly unknown[]): AsyncGenerator<ResultChunk>
}

/** A chunk of a streamed result: `vector(j)` is column j (see `duck-bulk-read.ts` for reading it fast). */
export interface ResultChunk {
  readonly rowCount: number
  vector(column: number): { getItem(index: number): unknown }
}

// The next chunk is fetched while the caller copies this one (each fetch is a hop to a native thread).
async function* stream(
  c: DuckDBConnection,
  sql: string,
  params: readonly unknown[],
): AsyncGenerator<ResultChunk> {
  const result = await c.stream(sql, params as DuckDBValue[])
  let pending = result.fetchChunk()
  try {
    for (let chunk = await pending; chunk !== null && chunk.rowCount > 0; chunk = await pending) {
      pending = result.fetchChunk()
      // Marked handled: a caller that stops early never awaits it.
      pending.catch(() => {})
      const current = chunk
      yield { rowCount: current.rowCount, vector: (j) => current.getColumnVector(j) }
    }
  } finally {
    await pending.catch(() => null)
  }
}

async function stage(
  c: DuckDBConnection,
  table: string,
  columns: readonly StagedColumn[],
  rowCount: number,
): Promise<void> {
  const definitions = columns.map((col) => `${quoteIdentifier(col.name)} ${col.type}`).join(', ')
  await c.run(`CREATE TEMP TABLE ${quoteIdentifier(table)} (${definitions})`)
  const appender = await c.createAppender(table)
  try {
    const types = columns.map((col) => DUCK_TYPES[col.type])
    for (let start = 0; start < rowCount; start += VECTOR_ROWS) {
      const end = Math.min(rowCount, start + VECTOR_ROWS)
      const chunk = DuckDBDataChunk.create(types, end - start)
      columns.forEach((col, j) => {
        chunk.setColumnValues(j, col.values.slice(start, end) as DuckDBValue[])
      })
      appender.appendDataChunk(chunk)
    }
    appender.flushSync()
  } finally {
    appender.closeSync()
  }
}

/** A DuckDB identifier, quoted. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A DuckDB string literal, for the store's own paths (user values are always bound parameters). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
