import type { ModelSignature } from '../../models/index.js'
import { batchFromArrays, batchFromRecords } from './batch-builders.js'
import { badRequest, isRecord, jsonType, type RowBatch } from './row-batch.js'
import { decodeV1 } from './v1-request.js'

/** The input fields MLflow 2.x's scoring server accepts on `/invocations`, one per request. */
const MLFLOW_INPUT_FIELDS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const

/** An MLflow scoring request, decoded: its rows and the `params` it passes to the model, if any. */
export interface MlflowRequest {
  readonly batch: RowBatch
  readonly params?: Readonly<Record<string, unknown>>
}

/**
 * Decodes an MLflow 2.x `/invocations` JSON body, as `mlflow.pyfunc.scoring_server` reads it: exactly one
 * of `dataframe_split` (`{columns, data, index?}`, pandas' split orient; `index` is ignored),
 * `dataframe_records` (`[{column: value}, ...]`), `instances` or `inputs` (TF-Serving forms, as
 * `decodeV1`), plus optional `params`; other keys are ignored, as MLflow ignores them. `BAD_REQUEST`
 * naming the accepted fields, or the field and row that are wrong.
 */
export function decodeMlflowJson(body: unknown, signature: ModelSignature): MlflowRequest {
  if (!isRecord(body)) {
    throw badRequest(
      `the body must be a JSON object with exactly one of the fields ${MLFLOW_INPUT_FIELDS.join(', ')}; got ${jsonType(body)}`,
      { field: 'body' },
    )
  }
  const given = MLFLOW_INPUT_FIELDS.filter((field) => Object.hasOwn(body, field))
  if (given.length !== 1) {
    throw badRequest(
      `the body must hold exactly one of the fields ${MLFLOW_INPUT_FIELDS.join(', ')}; got fields ${Object.keys(body).join(', ') || 'none'}`,
      { field: given[1] ?? 'body', accepted: MLFLOW_INPUT_FIELDS },
    )
  }
  const { params } = body
  if (params !== undefined && !isRecord(params)) {
    throw badRequest(`params must be an object; got ${jsonType(params)}`, { field: 'params' })
  }
  const field = given[0]!
  const batch =
    field === 'dataframe_split'
      ? decodeSplit(body.dataframe_split)
      : field === 'dataframe_records'
        ? decodeRecords(body.dataframe_records)
        : decodeV1({ [field]: body[field] }, signature)
  return params === undefined ? { batch } : { batch, params }
}

function decodeSplit(split: unknown): RowBatch {
  if (!isRecord(split)) {
    throw badRequest(`dataframe_split must be an object {columns, data}; got ${jsonType(split)}`, {
      field: 'dataframe_split',
    })
  }
  const { columns, data } = split
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
    throw badRequest('dataframe_split.columns must be an array of column names', {
      field: 'dataframe_split.columns',
    })
  }
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i)
  if (repeated !== undefined) {
    throw badRequest(`dataframe_split.columns names '${repeated}' twice`, {
      field: 'dataframe_split.columns',
    })
  }
  if (!Array.isArray(data)) {
    throw badRequest(`dataframe_split.data must be an array of rows; got ${jsonType(data)}`, {
      field: 'dataframe_split.data',
    })
  }
  return batchFromArrays(data, columns, 'dataframe_split.data')
}

function decodeRecords(records: unknown): RowBatch {
  if (!Array.isArray(records)) {
    throw badRequest(`dataframe_records must be an array of row objects; got ${jsonType(records)}`, {
      field: 'dataframe_records',
    })
  }
  return batchFromRecords(records, 'dataframe_records')
}
