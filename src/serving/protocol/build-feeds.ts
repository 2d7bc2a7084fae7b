import type { ModelSignature, SignatureInput } from '../../models/index.js'
import type { OnnxFeed } from '../../onnx/index.js'
import { closestMatch, ShipyardError } from '../../shared/index.js'
import { type BatchColumn, badRequest, badValue, type RowBatch } from './row-batch.js'
import { type CellPlace, int64Reader, NUMBER_READERS, readString, type ValueReader } from './value-readers.js'

/** Options of `buildFeeds`; the server sets them from its configuration. */
export interface BuildFeedsOptions {
  /**
   * A column the model does not take: `reject` (`INVALID_PARAMETER_VALUE` naming it) or `ignore`.
   * The signature's target column is ignored either way: clients often send labelled rows.
   */
  readonly unknownColumns: 'reject' | 'ignore'
  /** The most rows one request may hold; more is `SHIPYARD_PAYLOAD_TOO_LARGE` with the limit. */
  readonly maxRows: number
}

/**
 * The onnxruntime feeds for a decoded request: one per signature input, typed as the input
 * (`double` Float64Array, `float` Float32Array, `int64` BigInt64Array, `string` string[]), dims
 * [N, 1] for a column ([N] for a 1-D input) and [N, k] for a matrix input, filled from the input's
 * `columns` in order or from the input sent whole. Checks, in order: at least one row and at most
 * `maxRows`; unknown columns; every input present (`INVALID_PARAMETER_VALUE` naming the missing
 * columns and the expected ones); each value's JSON type for its column (see `NUMBER_READERS`,
 * `readString`; naming column and row). Missing values: NaN for float/double, `''` for strings,
 * refused for int64.
 */
export function buildFeeds(
  batch: RowBatch,
  signature: ModelSignature,
  options: BuildFeedsOptions,
): Record<string, OnnxFeed> {
  checkRowCount(batch.rowCount, options.maxRows)
  if (options.unknownColumns === 'reject') refuseUnknownColumns(batch, signature)
  const missing = signature.inputs.flatMap((input) => missingColumns(batch, input))
  if (missing.length > 0) {
    throw badValue(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')}; the model takes ${expectedColumns(signature).join(', ')}`,
      { field: missing[0]!, missing, expected: expectedColumns(signature) },
    )
  }
  const feeds: Record<string, OnnxFeed> = {}
  for (const input of signature.inputs) feeds[input.name] = inputFeed(batch, input)
  return feeds
}

function checkRowCount(rows: number, maxRows: number): void {
  if (rows === 0) throw badRequest('the request holds no rows to predict', { field: 'rows', rows })
  if (rows > maxRows) {
    throw new ShipyardError(
      'SHIPYARD_PAYLOAD_TOO_LARGE',
      `the request holds ${rows} rows; this server takes at most ${maxRows} per request: split it`,
      { details: { field: 'rows', rows, limit: maxRows } },
    )
  }
}

/** Every column name the model reads (a matrix input's own name included: it may be sent whole). */
function expectedColumns(signature: ModelSignature): string[] {
  return signature.inputs.flatMap((input) => input.columns ?? [input.name])
}

function refuseUnknownColumns(batch: RowBatch, signature: ModelSignature): void {
  const expected = expectedColumns(signature)
  const known = new Set([...expected, ...signature.inputs.map((i) => i.name), signature.target])
  const unknown = [...batch.columns.keys()].filter((name) => !known.has(name))
  if (unknown.length === 0) return
  const named = unknown.map((name) => {
    const near = closestMatch(name, expected)
    return near === undefined ? `'${name}'` : `'${name}' (did you mean '${near}'?)`
  })
  throw badValue(
    `unknown column${unknown.length > 1 ? 's' : ''} ${named.join(', ')}; the model takes ${expected.join(', ')}`,
    { field: unknown[0]!, unknown, expected },
  )
}

function missingColumns(batch: RowBatch, input: SignatureInput): string[] {
  if (batch.columns.has(input.name)) return []
  return (input.columns ?? [input.name]).filter((name) => !batch.columns.has(name))
}

function inputFeed(batch: RowBatch, input: SignatureInput): OnnxFeed {
  const cells = cellsOf(batch, input)
  const count = batch.rowCount * cells.width
  const dims = input.shape.length === 1 ? [batch.rowCount] : [batch.rowCount, cells.width]
  switch (input.type) {
    case 'double':
      return {
        type: 'double',
        data: fill(new Float64Array(count), cells, NUMBER_READERS[input.columnType]),
        dims,
      }
    case 'float':
      return {
        type: 'float',
        data: fill(new Float32Array(count), cells, NUMBER_READERS[input.columnType]),
        dims,
      }
    case 'int64':
      return {
        type: 'int64',
        data: fill(new BigInt64Array(count), cells, int64Reader(NUMBER_READERS[input.columnType])),
        dims,
      }
    case 'string':
      return { type: 'string', data: fill(new Array<string>(count), cells, readString), dims }
  }
}

function fill<T, A extends { [i: number]: T; readonly length: number }>(
  data: A,
  cells: Cells,
  read: ValueReader<T>,
): A {
  for (let i = 0; i < data.length; i++) data[i] = read(cells.value(i), cells, i)
  return data
}

/** An input's values in feed order (row-major), from the columns they come from. */
interface Cells extends CellPlace {
  readonly width: number
  value(i: number): unknown
}

function cellsOf(batch: RowBatch, input: SignatureInput): Cells {
  const whole = batch.columns.get(input.name)
  if (whole !== undefined) return wholeInput(whole, input)
  const names = input.columns ?? [input.name]
  const columns = names.map((name) => batch.columns.get(name)!)
  const width = names.length
  columns.forEach((column, j) => {
    if (column.width !== 1) {
      throw badValue(
        `column '${names[j]}' holds ${column.width} values per row; it is one value of input '${input.name}'`,
        { field: names[j]! },
      )
    }
  })
  return {
    width,
    value: (i) => columns[i % width]!.values[Math.floor(i / width)],
    columnOf: (i) => names[i % width]!,
    rowOf: (i) => Math.floor(i / width),
  }
}

function wholeInput(column: BatchColumn, input: SignatureInput): Cells {
  const declared = input.columns?.length ?? input.shape[1] ?? 1
  if (declared > 0 && column.width !== declared) {
    throw badValue(
      `input '${input.name}' takes ${declared} value${declared > 1 ? 's' : ''} per row${input.columns ? ` (${input.columns.join(', ')})` : ''}; the request has ${column.width}`,
      { field: input.name },
    )
  }
  const width = column.width
  return {
    width,
    value: (i) => column.values[i],
    columnOf: (i) =>
      width === 1 ? input.name : (input.columns?.[i % width] ?? `${input.name}[${i % width}]`),
    rowOf: (i) => Math.floor(i / width),
  }
}
