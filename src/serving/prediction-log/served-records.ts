import type { CacheState, LoggedValue, PredictionRecord, TrafficArm } from '../../monitoring/index.js'
import type { OnnxResult } from '../../onnx/index.js'
import type { LoadedModel } from '../loaded-model.js'
import { type Prediction, predictionRows, type RowBatch } from '../protocol/index.js'

/** What the server knows of one answered prediction request, for its log records. */
export interface ServedRequest {
  readonly requestId: string
  /** Arrival, epoch ms. */
  readonly time: number
  readonly latencyMs: number
  readonly model: LoadedModel
  readonly alias: string | null
  /** The arm as the traffic router names it: `primary`, `canary:<target>`, `pinned`, `shadow`. */
  readonly arm: string
  readonly cache: CacheState
  /** The decoded rows; absent when the request failed before they were. */
  readonly rows?: RowBatch
  readonly results?: Readonly<Record<string, OnnxResult>>
  readonly error?: { readonly code: string; readonly message: string }
}

/**
 * The prediction log's records of a request: one per row, inputs as the request sent them (a matrix
 * input sent whole as `<name>.<j>`), outputs as the response gave them, flattened: regressors
 * `prediction`; classifiers `label`, `probabilities.<class>` and, with two classes, `probability` (the
 * second class's, the positive one). A request that failed before its rows were decoded logs one
 * record with no inputs; one that failed after, a record per row with no outputs.
 */
export function servedRecords(served: ServedRequest): PredictionRecord[] {
  const rows = served.rows
  const outputs = served.results && served.error === undefined ? flatOutputs(served) : undefined
  const count = rows?.rowCount || 1
  const records = new Array<PredictionRecord>(count)
  const arm = trafficArm(served.arm)
  for (let row = 0; row < count; row++) {
    records[row] = {
      requestId: served.requestId,
      row,
      time: served.time,
      model: served.model.name,
      version: served.model.version.version,
      alias: served.alias,
      arm,
      inputs: rows ? rowInputs(rows, row) : {},
      outputs: outputs?.[row] ?? {},
      latencyMs: served.latencyMs,
      cache: served.cache,
      errorCode: served.error?.code ?? null,
      errorMessage: served.error?.message ?? null,
    }
  }
  return records
}

function trafficArm(arm: string): TrafficArm {
  if (arm.startsWith('canary')) return 'canary'
  return arm === 'pinned' || arm === 'shadow' ? arm : 'primary'
}

function rowInputs(rows: RowBatch, row: number): Record<string, LoggedValue> {
  const inputs: Record<string, LoggedValue> = {}
  for (const [name, column] of rows.columns) {
    if (column.width === 1) inputs[name] = logged(column.values[row])
    else
      for (let j = 0; j < column.width; j++)
        inputs[`${name}.${j}`] = logged(column.values[row * column.width + j])
  }
  return inputs
}

// Decoders pass JSON values through; anything but a scalar (refused later, but logged as sent) is its JSON.
function logged(value: unknown): LoggedValue {
  if (value === null || value === undefined) return null
  const type = typeof value
  return type === 'number' || type === 'string' || type === 'boolean'
    ? (value as LoggedValue)
    : JSON.stringify(value)
}

function flatOutputs(served: ServedRequest): Record<string, LoggedValue>[] {
  return predictionRows(served.results!, served.model.version.signature).map(flatPrediction)
}

/** A prediction as the log keeps its outputs (see `servedRecords`); replay compares the same form. */
export function flatPrediction(prediction: Prediction): Record<string, LoggedValue> {
  if (typeof prediction === 'number') return { prediction }
  const out: Record<string, LoggedValue> = { label: prediction.label }
  const classes = Object.keys(prediction.probabilities)
  for (const name of classes) out[`probabilities.${name}`] = prediction.probabilities[name]!
  if (classes.length === 2) out.probability = prediction.probabilities[classes[1]!]!
  return out
}
