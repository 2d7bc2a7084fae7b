/**
 * The monitor: per model and window, each version's traffic, drift of its live inputs and
 * predictions against the reference its training run logged, and live quality from feedback labels
 * beside its training metrics; as JSON (`monitorReport`) and as an HTML page (`renderMonitorHtml`).
 */
export { datasetVerdict, renderMonitorHtml } from './monitor-html.js'
export {
  type MonitorDeps,
  type MonitorReport,
  type MonitorRequest,
  monitorReport,
  type VersionMonitor,
} from './monitor-report.js'
export { DEFAULT_MONITOR_WINDOW, parseWindow } from './monitor-window.js'
export { type ReferenceLookup, type ReferenceSource, runReferenceSource } from './reference-source.js'
export type { TrafficSummary } from './traffic-summary.js'
export {
  buildTrainingReference,
  PREDICTION_OUTPUT,
  REFERENCE_ARTIFACT,
  referenceFeatureNames,
} from './training-reference.js'
export type { DriftSection } from './version-drift.js'
export type { QualityComparison, TrainingQuality } from './version-quality.js'
