/**
 * Replay of logged predictions: requests from the prediction log re-run in process against any
 * registered version, compared row by row with what was logged.
 */
export { compareOutputs, type OutputComparison } from './output-comparison.js'
export {
  DEFAULT_REPLAY_ALIAS,
  type ReplayedRequest,
  type ReplayedRow,
  type ReplayOptions,
  type ReplayReport,
  type ReplayStatus,
  type ReplaySummary,
  type ReplayTarget,
  replayRecords,
} from './replay.js'
export { loggedBatch, type ReplayError, type ReplayRegistry } from './replay-runner.js'
export { requestRows } from './request-rows.js'
