import type { Prediction } from './prediction-rows.js'

/** Who answered, echoed in a V1 response. */
export interface V1ResponseOptions {
  readonly modelName: string
  readonly modelVersion: string
  readonly requestId: string
}

/** The body of a V1 predict response. */
export interface V1Response {
  readonly predictions: readonly Prediction[]
  readonly model_name: string
  readonly model_version: string
  readonly request_id: string
}

/** A TF-Serving / KServe V1 predict response: `{predictions, model_name, model_version, request_id}`. */
export function v1Response(rows: readonly Prediction[], options: V1ResponseOptions): V1Response {
  return {
    predictions: rows,
    model_name: options.modelName,
    model_version: options.modelVersion,
    request_id: options.requestId,
  }
}

/** An MLflow 2.x `/invocations` response: `{"predictions": [...]}`, as `mlflow models serve` answers. */
export function mlflowResponse(rows: readonly Prediction[]): { readonly predictions: readonly Prediction[] } {
  return { predictions: rows }
}
