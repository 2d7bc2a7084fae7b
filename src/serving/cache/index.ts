/**
 * The prediction cache: a `RowRunner` that answers requests' rows from an in-process LRU and,
 * optionally, Redis shared between servers, running only the rows neither holds. Keys are exact (the
 * version's bytes and the row as the model sees it), so a cached answer is the model's answer.
 */
export { type CacheOutcome, cacheHeaders, cacheOutcomeOf } from './cache-outcome.js'
export {
  openPredictionCache,
  type PredictionCache,
  type PredictionCacheOptions,
  type PredictionCacheSettings,
} from './prediction-cache.js'
