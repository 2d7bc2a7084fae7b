/**
 * Data: typed columnar datasets loaded through DuckDB, their schemas, validation, profiles,
 * reproducible splits and content fingerprints. Other contexts import only this index.
 */
export * from './column.js'
export { type ColumnSchema, Dataset, type DatasetSchema } from './dataset.js'
export { FINGERPRINT_FORMAT, fingerprintDataset } from './fingerprint.js'
export { parseIsoInstant } from './iso-instant.js'
export * from './loading/index.js'
export * from './profile/index.js'
export * from './schema/index.js'
export * from './splits/index.js'
export * from './validation/index.js'
