/**
 * Batch prediction: a model (from the registry or a saved folder) over a data file far larger than
 * memory, read, predicted and written a chunk at a time into CSV, JSON lines or Parquet, atomically.
 */
export {
  type BatchModel,
  loadModelDir,
  loadRegistryModel,
  type ModelReader,
} from './batch-model.js'
export { describeModel } from './output-plan.js'
export { type BatchPredictOptions, type BatchPredictSummary, predictBatch } from './predict-batch.js'
export type { ChunkWriter, OutputFormat } from './writers/chunk-writer.js'
export { openChunkWriter } from './writers/open-chunk-writer.js'
