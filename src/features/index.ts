/**
 * Feature engineering: declarative pipelines of steps, fitted on training data only, applied in
 * TypeScript and compiled to the ONNX graph that serves the model, with the same results.
 */
export {
  type CompiledPipeline,
  compilePipelineToOnnx,
  ONNX_TYPE_OF,
  type OnnxPipelineInput,
  onnxFeeds,
  pipelineToOnnxModel,
} from './compile-pipeline.js'
export {
  type DefaultPipelineOptions,
  defaultPipeline,
  LINEAR_ONE_HOT_MAX_CATEGORIES,
  type ModelFamily,
  TREE_ONE_HOT_MAX_CARDINALITY,
  TREE_TEXT_MAX_CATEGORIES,
} from './default-pipeline.js'
export { expressionToLoadSql } from './expression/index.js'
export type { FeatureStep, FitContext, Frame, OnnxColumn, OnnxFrame, StepSpecBase } from './feature-step.js'
export {
  type FeatureMatrix,
  type FitPipelineOptions,
  type FittedPipeline,
  fitPipeline,
  type PipelineInput,
  type PipelineSpec,
  transform,
  transformTraining,
} from './pipeline.js'
export { parseFittedPipeline, parsePipelineSpec, parseStepSpec } from './pipeline-spec.js'
export type { FittedStep, SpecOf, StepSpec, StepType } from './step-spec.js'
export { STEP_OPSETS, STEP_SPEC_PARSERS, STEPS } from './steps/index.js'
