import {
  BOOLEAN,
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBType,
  FLOAT,
  INTEGER,
  TIMESTAMP,
  timestampValue,
  VARCHAR,
} from '@duckdb/node-api'
import type { Column, Dataset } from '../../data/index.js'

/** One Parquet file to write: the rows whose part number passes `rows`. */
export interface ParquetPart {
  readonly path: string
  /** `{ part: 1 }`: rows of part 1; `{ notPart: 1 }`: every row of another part (k-fold training sides). */
  readonly rows: { readonly part: number } | { readonly notPart: number }
}

// DuckDB's vectors hold 2048 rows; a chunk of that size is appended in one call.
const CHUNK_ROWS = 2048
// The part number rides along as an extra column (renamed if the data has one so named), dropped again by the COPY.
const PART_COLUMN = '__shipyard_part'

/**
 * Writes parts of `dataset` as Parquet files through DuckDB's `COPY ... (FORMAT parquet)`: the typed
 * columns go into one in-memory table (with each row's number from `partOf`, any number; a row whose
 * number no part selects is written nowhere), then one COPY per part. Rows keep their order.
 *
 * Column types map to DuckDB's: float64 numeric DOUBLE, float32 numeric FLOAT, boolean BOOLEAN,
 * datetime TIMESTAMP (microseconds, from epoch ms), categorical and text VARCHAR; missing values are
 * NULL (so NaN never reaches the file). An existing file at a part's path is replaced.
 *
 * `tick` reports progress in rows of work, `2 * dataset.rowCount` in all: the rows as they go into
 * the table, then an equal share per part as each file is written.
 *
 * Belongs with the loaders (a `writeParquet` in `src/data/loading`) once they have a writer; the CLI
 * is its only user for now.
 */
export async function writeParquetParts(
  dataset: Dataset,
  partOf: Int32Array,
  parts: readonly ParquetPart[],
  tick: (rows: number) => void = () => undefined,
): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  })
  const connection = await instance.connect()
  try {
    const partColumn = unusedName(dataset, PART_COLUMN)
    await fillTable(connection, dataset, partOf, partColumn, tick)
    const share = Math.floor(dataset.rowCount / Math.max(1, parts.length))
    for (const part of parts) {
      const where = 'part' in part.rows ? `= ${part.rows.part}` : `<> ${part.rows.notPart}`
      const column = quoteIdentifier(partColumn)
      await connection.run(
        `COPY (SELECT * EXCLUDE (${column}) FROM rows WHERE ${column} ${where}) ` +
          `TO ${quoteLiteral(part.path)} (FORMAT parquet)`,
      )
      tick(share)
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

async function fillTable(
  connection: DuckDBConnection,
  dataset: Dataset,
  partOf: Int32Array,
  partColumn: string,
  tick: (rows: number) => void,
): Promise<void> {
  const types = [...dataset.columns.map(duckType), INTEGER]
  const names = [...dataset.columnNames, partColumn]
  const readers = dataset.columns.map(cellReader)
  const definitions = names.map((name, i) => `${quoteIdentifier(name)} ${types[i]!.toString()}`)
  await connection.run(`CREATE TABLE rows (${definitions.join(', ')})`)
  const appender = await connection.createAppender('rows')
  for (let start = 0; start < dataset.rowCount; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, dataset.rowCount - start)
    const chunk = DuckDBDataChunk.create(types, count)
    readers.forEach((value, c) => {
      const vector = chunk.getColumnVector(c) as unknown as WritableVector
      for (let i = 0; i < count; i++) vector.setItem(i, value(start + i))
      vector.flush()
    })
    const part = chunk.getColumnVector(dataset.columns.length) as unknown as WritableVector
    for (let i = 0; i < count; i++) part.setItem(i, partOf[start + i]!)
    part.flush()
    appender.appendDataChunk(chunk)
    tick(count)
  }
  appender.closeSync()
}

// The part column's name must not be one of the data's (DuckDB names are case-insensitive).
function unusedName(dataset: Dataset, base: string): string {
  const taken = new Set(dataset.columnNames.map((n) => n.toLowerCase()))
  let name = base
  while (taken.has(name)) name += '_'
  return name
}

function duckType(column: Column): DuckDBType {
  switch (column.type) {
    case 'numeric':
      return column.values instanceof Float32Array ? FLOAT : DOUBLE
    case 'boolean':
      return BOOLEAN
    case 'datetime':
      return TIMESTAMP
    case 'categorical':
    case 'text':
      return VARCHAR
  }
}

// The vectors' common write surface: each typed vector's `setItem` takes its own value type or null.
interface WritableVector {
  setItem(index: number, value: unknown): void
  flush(): void
}

// A reader of the value DuckDB's vector for the column's type takes (null for missing), chosen once per column.
function cellReader(column: Column): (row: number) => unknown {
  switch (column.type) {
    case 'numeric': {
      const values = column.values
      return (row) => (Number.isNaN(values[row]!) ? null : values[row]!)
    }
    case 'datetime': {
      const values = column.values
      return (row) => {
        const ms = values[row]!
        return Number.isNaN(ms) ? null : timestampValue(BigInt(Math.round(ms * 1000)))
      }
    }
    case 'boolean': {
      const values = column.values
      return (row) => (values[row] === -1 ? null : values[row] === 1)
    }
    case 'categorical': {
      const { codes, dictionary } = column
      return (row) => (codes[row] === -1 ? null : dictionary[codes[row]!]!)
    }
    case 'text': {
      const values = column.values
      return (row) => values[row] ?? null
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
