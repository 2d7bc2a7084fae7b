/**
 * Drift: a reference profile built from the training data at training time, and reports comparing
 * live windows with it feature by feature (PSI, KS, chi-square, Z, normed Wasserstein,
 * Jensen–Shannon, unseen categories), chosen automatically as Evidently does. Pure statistics, no I/O.
 */
export { AUTO_MAX_DISCRETE, AUTO_SMALL_WINDOW } from './choose-drift-test.js'
export {
  type CategoricalValues,
  type ColumnValues,
  type DriftColumn,
  driftColumnsOf,
  type EncodedCategories,
} from './drift-columns.js'
export { DRIFT_SHARE, type DriftOptions, type DriftReport, driftReport } from './drift-report.js'
export {
  DRIFT_METHODS,
  type DriftMethod,
  type DriftSample,
  type DriftTest,
  type DriftTestResult,
  type FeatureKind,
} from './drift-test.js'
export type {
  CategoricalFeatureDrift,
  DriftSide,
  DriftStatus,
  FeatureDrift,
  FeatureDriftOptions,
  NumericDriftSide,
  NumericFeatureDrift,
} from './feature-drift.js'
export { PSI_WARN } from './feature-drift.js'
export {
  buildReferenceProfile,
  type CategoricalReference,
  type FeatureReference,
  type NumericReference,
  REFERENCE_PROFILE_DEFAULTS,
  type ReferenceColumns,
  type ReferenceProfile,
  type ReferenceProfileOptions,
} from './reference-profile.js'
export { DRIFT_TESTS } from './tests/index.js'
