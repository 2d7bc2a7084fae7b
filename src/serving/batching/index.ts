/**
 * Micro-batching: concurrent requests to one model version joined into one onnxruntime run, their
 * results split back per request, and the histograms of rows and requests per run.
 */
export { BatchMetrics, type BatchObserver } from './batch-metrics.js'
export {
  type BatchingOptions,
  type BatchingSettings,
  batchingSettings,
  DEFAULT_BATCH_MAX_ROWS,
  DEFAULT_BATCH_MAX_WAIT_MS,
  joinsRows,
} from './batching-settings.js'
export { MicroBatcher, type MicroBatcherOptions, type RunFeeds } from './micro-batcher.js'
