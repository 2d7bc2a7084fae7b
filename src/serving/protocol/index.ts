/**
 * The serving protocols' request and response layer: pure functions over parsed bodies, no I/O.
 * Decoders turn a TF-Serving/KServe V1, Open Inference Protocol (V2), MLflow JSON or CSV body into a
 * `RowBatch`; `buildFeeds` checks it against the model's signature and makes the onnxruntime feeds;
 * `predictionRows` and the response builders turn the run's results into each protocol's answer.
 */
export { type BuildFeedsOptions, buildFeeds } from './build-feeds.js'
export { decodeCsv } from './csv-request.js'
export { decodeMlflowJson, type MlflowRequest } from './mlflow-request.js'
export {
  type ClassPrediction,
  type Prediction,
  predictionOutputs,
  predictionRows,
} from './prediction-rows.js'
export { mlflowResponse, type V1Response, type V1ResponseOptions, v1Response } from './responses.js'
export type { BatchColumn, RowBatch } from './row-batch.js'
export { checkScoringContentType, type ScoringFormat } from './scoring-content-type.js'
export { decodeV1 } from './v1-request.js'
export type { V2Datatype } from './v2-datatypes.js'
export { type V2MetadataTensor, type V2ModelMetadata, v2ModelMetadata } from './v2-metadata.js'
export { decodeV2, type V2InferRequest } from './v2-request.js'
export {
  type V2InferResponse,
  type V2OutputTensor,
  type V2ResponseOptions,
  v2Response,
} from './v2-response.js'
