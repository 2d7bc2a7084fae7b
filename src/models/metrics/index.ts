/**
 * Evaluation metrics of classifiers and regressors, checked against scikit-learn: ranking areas
 * (ROC AUC, average precision) with exact tie handling in O(N log N), losses, thresholded scores,
 * calibration, and downsampled curves for charts.
 */
export {
  areaUnderPrecisionRecall,
  averagePrecision,
  type PrecisionRecallCurve,
  precisionRecallCurve,
} from './average-precision.js'
export { type CalibrationBin, calibrationBins } from './calibration-bins.js'
export { type ClassScoreSummary, type ClassScores, classScores } from './class-scores.js'
export {
  type ClassificationMetrics,
  type ClassificationOptions,
  classificationMetrics,
} from './classification-metrics.js'
export { confusionMatrix, DEFAULT_THRESHOLD, predictClasses, probabilityColumn } from './confusion-matrix.js'
export { DEFAULT_CURVE_POINTS, downsampleCurve } from './downsample-curve.js'
export { flattenMetrics } from './flatten-metrics.js'
export type { BinaryOptions, Scores, WeightOptions } from './metric-inputs.js'
export { brierScore, LOG_LOSS_EPSILON, logLoss } from './probability-losses.js'
export { MAPE_EPSILON, type RegressionMetrics, regressionMetrics } from './regression-metrics.js'
export { areaUnderRoc, type RocCurve, rocAuc, rocCurve } from './roc-auc.js'
export { type ThresholdCounts, thresholdCounts } from './threshold-counts.js'
