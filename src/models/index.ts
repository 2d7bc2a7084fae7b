/**
 * Models: gradient-boosted trees and linear models trained on the feature pipeline's output,
 * evaluated with the usual metrics, and compiled with the pipeline into one ONNX graph.
 */
export type { GbdtModel, GbdtNode, GbdtObjective, GbdtParams, GbdtTree } from './gbdt/gbdt-model.js'
export { predictGbdtRaw } from './gbdt/gbdt-predict.js'
export { GBDT_DEFAULTS, trainGbdt } from './gbdt/train-gbdt.js'
export type { LinearModel, LinearObjective, LinearParams } from './linear/linear-model.js'
export { predictLinearRaw } from './linear/predict-linear.js'
export { LINEAR_DEFAULTS, trainLinear } from './linear/train-linear.js'
export * from './metrics/index.js'
export { type FeatureImportance, MODEL_KINDS, type ModelBody, type ModelKind } from './model-families.js'
export { MODEL_FILES, type SavedModelFiles } from './model-files.js'
export { OnnxModel, type OnnxModelOptions } from './onnx-model.js'
export { type NamedOutput, type OutputRoles, outputRoles } from './output-roles.js'
export { GBDT_PARAMS } from './params/gbdt-params.js'
export { LINEAR_PARAMS } from './params/linear-params.js'
export { describeParams, type ParamRule, type ParamTable } from './params/param-table.js'
export { renderTrainingReportHtml, type TrainingReport } from './report/training-report.js'
export {
  type ModelSignature,
  modelSignature,
  type SignatureInput,
  type SignatureTensor,
} from './signature.js'
export { encodeTarget, MAX_CLASSES, type PreparedTarget, prepareTarget } from './target.js'
export { type TrainingOutcome, type TrainOptions, train, trainModel } from './train.js'
export {
  type Evaluation,
  evaluatePredictions,
  type ModelDocument,
  type Predictions,
  TrainedModel,
} from './trained-model.js'
export type {
  ClassLabels,
  IterationReport,
  Task,
  TrainerOptions,
  TrainingMatrix,
} from './training-data.js'
export { describeTrainingRun, plannedIterations, type TrainingRunDescription } from './training-summary.js'
