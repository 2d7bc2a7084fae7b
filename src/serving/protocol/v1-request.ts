import type { ModelSignature } from '../../models/index.js'
import { batchFromArrays, batchFromColumns, batchFromMatrix, batchFromRecords } from './batch-builders.js'
import { badRequest, isRecord, jsonType, type RowBatch } from './row-batch.js'

/**
 * Decodes a TF-Serving / KServe V1 predict body, exactly one of:
 * - `{"instances": [{"age": 41, "city": "oslo"}, ...]}`: rows as objects (a key absent from a row is missing there);
 * - `{"instances": [[41, "oslo"], ...]}`: rows as arrays, in the signature's input order, or, for a model
 *   with a single [N, k] matrix input, each row the k values of that input (`[[5.1, 3.5, 1.4, 0.2]]`);
 *   for a model with a single column, rows may also be bare values (`[41, 37]`);
 * - `{"inputs": {"age": [41, 37], "city": ["oslo", "lima"]}}`: columns (a matrix input as one array per row);
 *   `inputs` given as an array reads as `instances`.
 * Other keys are ignored. `BAD_REQUEST` naming the field and row when the structure is wrong; values
 * are checked later by `buildFeeds`.
 */
export function decodeV1(body: unknown, signature: ModelSignature): RowBatch {
  if (!isRecord(body)) {
    throw badRequest(`the body must be a JSON object with "instances" or "inputs"; got ${jsonType(body)}`, {
      field: 'body',
    })
  }
  const hasInstances = Object.hasOwn(body, 'instances')
  const hasInputs = Object.hasOwn(body, 'inputs')
  if (hasInstances && hasInputs) {
    throw badRequest('give either "instances" (rows) or "inputs" (columns), not both', { field: 'instances' })
  }
  if (hasInstances) return decodeRows(body.instances, signature, 'instances')
  if (hasInputs) {
    return isRecord(body.inputs)
      ? batchFromColumns(body.inputs, 'inputs')
      : decodeRows(body.inputs, signature, 'inputs')
  }
  const keys = Object.keys(body).map((k) => `"${k}"`)
  throw badRequest(
    `the body needs "instances" (rows) or "inputs" (columns); got ${keys.length ? `keys ${keys.join(', ')}` : 'an empty object'}`,
    { field: 'instances' },
  )
}

/** Rows as objects, arrays or (one column) bare values, read by the form of the first row. */
function decodeRows(rows: unknown, signature: ModelSignature, field: string): RowBatch {
  if (!Array.isArray(rows)) {
    throw badRequest(`${field} must be an array of rows; got ${jsonType(rows)}`, { field })
  }
  if (rows.length === 0 || isRecord(rows[0])) return batchFromRecords(rows, field)
  const only = signature.inputs.length === 1 ? signature.inputs[0]! : undefined
  if (only && (Array.isArray(rows[0]) ? isMatrix(only) : !isMatrix(only))) {
    return batchFromMatrix(rows, only.name, field)
  }
  if (Array.isArray(rows[0])) {
    return batchFromArrays(
      rows,
      signature.inputs.map((input) => input.name),
      field,
    )
  }
  throw badRequest(
    `${field}[0] is ${jsonType(rows[0])}; rows are objects of column values, or arrays of values in the order ${signature.inputs.map((i) => i.name).join(', ')}`,
    { field: `${field}[0]`, row: 0 },
  )
}

function isMatrix(input: ModelSignature['inputs'][number]): boolean {
  return input.columns !== undefined || (input.shape[1] ?? 1) !== 1
}
