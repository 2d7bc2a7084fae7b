import { type BatchColumn, badRequest, isRecord, jsonType, type RowBatch, shown } from './row-batch.js'
import { isV2Datatype, V2_DATATYPES } from './v2-datatypes.js'

/** An Open Inference Protocol (KServe V2) infer request, decoded. */
export interface V2InferRequest {
  /** The request's `id`, echoed in the response. */
  readonly id?: string
  readonly parameters?: Readonly<Record<string, unknown>>
  /** The outputs asked for by name; absent: all of them. */
  readonly outputs?: readonly string[]
  readonly batch: RowBatch
}

/**
 * Decodes an Open Inference Protocol infer request
 * `{id?, parameters?, inputs: [{name, shape, datatype, data, parameters?}], outputs?: [{name}]}`.
 * Each input is a column (shape [N] or [N, 1]) or a matrix input sent whole ([N, k]), named as the
 * model's input; `data` is flat or nested, row-major, with as many values as the shape says, each of
 * the datatype's JSON type (BOOL true or false, INT8..INT64 and UINT8..UINT64 integers in range, FP16..FP64 numbers, BYTES strings).
 * `null` is a missing value (JSON has no NaN), which `buildFeeds` takes where the model does. Every
 * input has the same N. `BAD_REQUEST` naming the field (`inputs[1].data`) and the row otherwise.
 */
export function decodeV2(body: unknown): V2InferRequest {
  if (!isRecord(body)) {
    throw badRequest(`the body must be a JSON object with "inputs"; got ${jsonType(body)}`, { field: 'body' })
  }
  const { id, parameters, inputs, outputs } = body
  if (id !== undefined && typeof id !== 'string') {
    throw badRequest(`id must be a string; got ${jsonType(id)}`, { field: 'id' })
  }
  if (parameters !== undefined && !isRecord(parameters)) {
    throw badRequest(`parameters must be an object; got ${jsonType(parameters)}`, { field: 'parameters' })
  }
  if (!Array.isArray(inputs) || inputs.length === 0) {
    const got = Array.isArray(inputs) ? 'an empty array' : jsonType(inputs)
    throw badRequest(
      `inputs must be a non-empty array of tensors {name, shape, datatype, data}; got ${got}`,
      {
        field: 'inputs',
      },
    )
  }
  const columns = new Map<string, BatchColumn>()
  let rowCount = -1
  inputs.forEach((input, i) => {
    const tensor = decodeTensor(input, `inputs[${i}]`)
    if (columns.has(tensor.name)) {
      throw badRequest(`inputs[${i}]: input '${tensor.name}' is given twice`, { field: `inputs[${i}].name` })
    }
    if (rowCount !== -1 && tensor.rows !== rowCount) {
      throw badRequest(
        `inputs[${i}]: input '${tensor.name}' has ${tensor.rows} rows but inputs[0] has ${rowCount}; every input needs the same first dimension`,
        { field: `inputs[${i}].shape` },
      )
    }
    rowCount = tensor.rows
    columns.set(tensor.name, tensor.column)
  })
  return {
    ...(id === undefined ? {} : { id }),
    ...(parameters === undefined ? {} : { parameters }),
    ...(outputs === undefined ? {} : { outputs: outputNames(outputs) }),
    batch: { rowCount, columns },
  }
}

interface DecodedTensor {
  readonly name: string
  readonly rows: number
  readonly column: BatchColumn
}

function decodeTensor(input: unknown, field: string): DecodedTensor {
  if (!isRecord(input)) {
    throw badRequest(`${field} must be an object {name, shape, datatype, data}; got ${jsonType(input)}`, {
      field,
    })
  }
  const { name, shape, datatype, data } = input
  if (typeof name !== 'string' || name === '') {
    throw badRequest(`${field}.name must be a non-empty string; got ${shown(name)}`, {
      field: `${field}.name`,
    })
  }
  if (!isShape(shape)) {
    throw badRequest(
      `${field}.shape must be [N] or [N, k] with non-negative integers; got ${shown(shape)} for input '${name}'`,
      { field: `${field}.shape` },
    )
  }
  if (!isV2Datatype(datatype)) {
    throw badRequest(
      `${field}.datatype must be one of ${Object.keys(V2_DATATYPES).join(', ')}; got ${shown(datatype)} for input '${name}'`,
      { field: `${field}.datatype` },
    )
  }
  if (!Array.isArray(data)) {
    throw badRequest(`${field}.data must be an array; got ${jsonType(data)} for input '${name}'`, {
      field: `${field}.data`,
    })
  }
  const values: unknown[] = data.some(Array.isArray) ? data.flat(Number.POSITIVE_INFINITY) : data
  const [rows, width = 1] = shape
  if (values.length !== rows * width) {
    throw badRequest(
      `${field}: input '${name}' has shape [${shape.join(', ')}], ${rows * width} values, but data holds ${values.length}`,
      { field: `${field}.data` },
    )
  }
  const { accepts, expected } = V2_DATATYPES[datatype]
  values.forEach((value, j) => {
    if (value !== null && !accepts(value)) {
      const row = Math.floor(j / width)
      throw badRequest(
        `${field}: input '${name}' is ${datatype}, so each value must be ${expected} (or null when missing); row ${row} holds ${shown(value)}`,
        { field: `${field}.data`, row },
      )
    }
  })
  return { name, rows, column: { values, width } }
}

function isShape(shape: unknown): shape is [number] | [number, number] {
  return (
    Array.isArray(shape) &&
    (shape.length === 1 || shape.length === 2) &&
    shape.every((d) => Number.isSafeInteger(d) && d >= 0)
  )
}

function outputNames(outputs: unknown): string[] {
  if (!Array.isArray(outputs)) {
    throw badRequest(`outputs must be an array of {name}; got ${jsonType(outputs)}`, { field: 'outputs' })
  }
  return outputs.map((output, i) => {
    if (!isRecord(output) || typeof output.name !== 'string') {
      throw badRequest(`outputs[${i}] must be an object with a string name; got ${shown(output)}`, {
        field: `outputs[${i}]`,
      })
    }
    return output.name
  })
}
