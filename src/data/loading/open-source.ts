import { invalidValue } from '../../shared/index.js'
import { openCsvSource } from './csv-source.js'
import { formatOf } from './data-file.js'
import { openJsonLinesSource } from './json-lines-source.js'
import type { DataSource, FileFormat } from './load-types.js'
import { openParquetSource } from './parquet-source.js'
import { openPostgresSource } from './postgres-source.js'
import type { OpenedSource, SourceContext } from './source.js'
import { openSqlSource } from './sql-source.js'

const FILE_READERS: Readonly<
  Record<FileFormat, (path: string, context: SourceContext) => Promise<OpenedSource>>
> = {
  csv: openCsvSource,
  parquet: openParquetSource,
  jsonl: openJsonLinesSource,
}

/** Opens any {@link DataSource} with the reader for its kind (and, for a file, its format). */
export function openSource(source: DataSource, context: SourceContext): Promise<OpenedSource> {
  if (typeof source !== 'object' || source === null)
    throw invalidValue('source', 'must be { path }, { sql } or { postgres }')
  if ('path' in source) {
    if (typeof source.path !== 'string' || source.path === '')
      throw invalidValue('source.path', 'must be a non-empty path')
    return FILE_READERS[formatOf(source.path, source.format)](source.path, context)
  }
  if ('sql' in source) return openSqlSource(source.sql, context)
  if ('postgres' in source) return openPostgresSource(source.postgres, context)
  throw invalidValue('source', 'must be { path }, { sql } or { postgres }')
}
