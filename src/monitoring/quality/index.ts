/** Live quality: the metrics of logged predictions that received ground-truth labels. */
export {
  type ClassifierQuality,
  type LabelledPredictions,
  type LiveQuality,
  liveQuality,
  type RegressorQuality,
  type TrueLabel,
} from './live-quality.js'
