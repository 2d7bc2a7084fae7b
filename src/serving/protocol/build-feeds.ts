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
  const plan = feedPlan(signature)
  if (options.unknownColumns === 'reject') refuseUnknownColumns(batch, plan)
  refuseMissingColumns(batch, signature, plan)
  const feeds: Record<string, OnnxFeed> = {}
  for (const input of signature.inputs) feeds[input.name] = inputFeed(batch, input)
  return feeds
}

/** What `buildFeeds` checks a request against, worked out once per signature (one per model version). */
interface FeedPlan {
  /** Every column name the model reads (a matrix input's own name included: it may be sent whole). */
  readonly expected: readonly string[]
  /** Names a request may hold: the expected ones, the inputs' names, and the target. */
  readonly known: ReadonlySet<string>
}

// Signatures are immutable and live as long as their version, so a WeakMap holds each plan exactly as long.
const PLANS = new WeakMap<ModelSignature, FeedPlan>()

function feedPlan(signature: ModelSignature): FeedPlan {
  let plan = PLANS.get(signature)
  if (plan === undefined) {
    const expected = signature.inputs.flatMap((input) => input.columns ?? [input.name])
    const known = new Set([...expected, ...signature.inputs.map((i) => i.name), signature.target])
    plan = { expected, known }
    PLANS.set(signature, plan)
  }
  return plan
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

function refuseUnknownColumns(batch: RowBatch, plan: FeedPlan): void {
  const unknown: string[] = []
  for (const name of batch.columns.keys()) if (!plan.known.has(name)) unknown.push(name)
  if (unknown.length === 0) return
  const named = unknown.map((name) => {
    const near = closestMatch(name, plan.expected)
    return near === undefined ? `'${name}'` : `'${name}' (did you mean '${near}'?)`
  })
  throw badValue(
    `unknown column${unknown.length > 1 ? 's' : ''} ${named.join(', ')}; the model takes ${plan.expected.join(', ')}`,
    { field: unknown[0]!, unknown, expected: plan.expected },
  )
}

function refuseMissingColumns(batch: RowBatch, signature: ModelSignature, plan: FeedPlan): void {
  const missing: string[] = []
  for (const input of signature.inputs) {
    if (batch.columns.has(input.name)) continue
    for (const name of input.columns ?? [input.name]) if (!batch.columns.has(name)) missing.push(name)
  }
  if (missing.length === 0) return
  throw badValue(
    `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')}; the model takes ${plan.expected.join(', ')}`,
    { field: missing[0]!, missing, expected: plan.expected },
  )
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
  const values = cells.values
  for (let i = 0; i < data.length; i++) data[i] = read(values[i], cells, i)
  return data
}

/**
 * An input's values in feed order (row-major, `width` per row), and where each came from for
 * messages. A class rather than closures: one is made per input per request.
 */
class Cells implements CellPlace {
  readonly values: readonly unknown[]
  readonly width: number
  readonly #input: SignatureInput
  /** The request columns the values were read from, one per position in a row; absent: sent whole. */
  readonly #sources: readonly string[] | undefined

  constructor(values: readonly unknown[], width: number, input: SignatureInput, sources?: readonly string[]) {
    this.values = values
    this.width = width
    this.#input = input
    this.#sources = sources
  }

  columnOf(i: number): string {
    const j = i % this.width
    if (this.#sources) return this.#sources[j]!
    return this.width === 1 ? this.#input.name : (this.#input.columns?.[j] ?? `${this.#input.name}[${j}]`)
  }

  rowOf(i: number): number {
    return Math.floor(i / this.width)
  }
}

function cellsOf(batch: RowBatch, input: SignatureInput): Cells {
  const whole = batch.columns.get(input.name)
  if (whole !== undefined) return wholeInput(whole, input)
  // Only a matrix input filled from its columns gets here: a column input is found whole above.
  const names = input.columns!
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
  const values = new Array<unknown>(batch.rowCount * width)
  for (let row = 0; row < batch.rowCount; row++) {
    for (let j = 0; j < width; j++) values[row * width + j] = columns[j]!.values[row]
  }
  return new Cells(values, width, input, names)
}

function wholeInput(column: BatchColumn, input: SignatureInput): Cells {
  const declared = input.columns?.length ?? input.shape[1] ?? 1
  if (declared > 0 && column.width !== declared) {
    throw badValue(
      `input '${input.name}' takes ${declared} value${declared > 1 ? 's' : ''} per row${input.columns ? ` (${input.columns.join(', ')})` : ''}; the request has ${column.width}`,
      { field: input.name },
    )
  }
  return new Cells(column.values, column.width, input)
}
