/**
 * Loading datasets through DuckDB into typed columns: CSV/TSV, Parquet, JSON lines, SQL over
 * files, and PostgreSQL queries, with type inference, overrides, derived SQL columns and a report
 * of everything the load decided or dropped.
 */
export type {
  BadRowPolicy,
  CsvOptions,
  DataSource,
  DerivedColumn,
  DroppedRow,
  FileFormat,
  LoadReport,
  LoadResult,
  ReadOptions,
} from './load-types.js'
export { DEFAULT_NULL_TOKENS } from './load-types.js'
export {
  type ChunkReadOptions,
  DEFAULT_CHUNK_ROWS,
  describeSource,
  readDatasetChunks,
  type SourceOutline,
} from './read-chunks.js'
export { readDataset } from './read-dataset.js'
