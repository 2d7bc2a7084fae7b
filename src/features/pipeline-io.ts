import type {
  BooleanColumn,
  CategoricalColumn,
  Column,
  ColumnType,
  Dataset,
  NumericColumn,
  TextColumn,
} from '../data/index.js'
import { ShipyardError } from '../shared/index.js'
import type { Frame } from './feature-step.js'

/** Moving data in and out of a pipeline: datasets to frames, frames to the feature matrix. */

/** A raw column the pipeline reads, as recorded when it was fitted. */
export interface PipelineInput {
  readonly name: string
  readonly type: ColumnType
}

/**
 * The model's input: `rowCount` rows of `names.length` features, row-major float32
 * (`values[row * names.length + feature]`). Missing values are NaN.
 */
export interface FeatureMatrix {
  readonly names: readonly string[]
  readonly rowCount: number
  readonly values: Float32Array
}

/**
 * The frame of `columns` (every column when omitted), with the one normalisation both sides share:
 * an empty string is missing, as it is in the ONNX graph (string inputs carry missing as `''`), so a
 * category `''` is the missing category. Columns are otherwise shared, not copied.
 */
export function datasetFrame(
  dataset: Dataset,
  columns: readonly PipelineInput[] | null,
  exclude?: string,
): Frame {
  const frame = new Map<string, Column>()
  if (columns === null) {
    for (const column of dataset.columns) {
      if (column.name !== exclude) frame.set(column.name, normalised(column))
    }
    return frame
  }
  for (const input of columns) {
    if (!dataset.has(input.name)) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `the data has no column '${input.name}', which the pipeline takes as input (${input.type})`,
        { details: { column: input.name } },
      )
    }
    frame.set(input.name, normalised(coerced(dataset.column(input.name), input.type)))
  }
  return frame
}

/**
 * A frame inside one pipeline run that knows its scratch columns: float64 numeric columns that an
 * earlier step of this run made and that nothing else holds (no input column, no other column of the
 * frame, nothing returned to the caller). A step that replaces a scratch column may write the
 * replacement into its values instead of allocating: the only reader of those values is the step itself,
 * and first-touching fresh memory is most of what a simple step costs on a million rows. Frames built
 * elsewhere (tests, a step's own `new Map`) have no scratch columns: steps then allocate as usual.
 */
export class PipelineFrame extends Map<string, Column> {
  readonly #scratch: ReadonlySet<string>

  constructor(frame: Frame, scratch: ReadonlySet<string>) {
    super(frame)
    this.#scratch = scratch
  }

  /** The names of the scratch columns. */
  get scratchNames(): ReadonlySet<string> {
    return this.#scratch
  }

  /** The values of column `name` when it is scratch (its holder may overwrite them), else null. */
  scratch(name: string): Float64Array | null {
    if (!this.#scratch.has(name)) return null
    const column = Map.prototype.get.call(this, name)
    return column?.type === 'numeric' && column.values instanceof Float64Array ? column.values : null
  }
}

/** The values of column `name` of `frame` when a step replacing it may overwrite them (see `PipelineFrame`). */
export function scratchValues(frame: Frame, name: string): Float64Array | null {
  return frame instanceof PipelineFrame ? frame.scratch(name) : null
}

/**
 * `frame` (a step's output) as a `PipelineFrame`: its float64 numeric columns whose memory is neither
 * an input column's (`raw`, the frame the run started from) nor shared with another column are scratch.
 */
export function withScratch(frame: Frame, raw: Frame): PipelineFrame {
  const held = new Set<ArrayBufferLike>()
  for (const column of raw.values()) {
    if (column.type !== 'text')
      held.add(column.type === 'categorical' ? column.codes.buffer : column.values.buffer)
  }
  const uses = new Map<ArrayBufferLike, number>()
  for (const column of frame.values()) {
    if (column.type === 'text') continue
    const buffer = column.type === 'categorical' ? column.codes.buffer : column.values.buffer
    uses.set(buffer, (uses.get(buffer) ?? 0) + 1)
  }
  const scratch = new Set<string>()
  for (const [name, column] of frame) {
    if (column.type !== 'numeric' || !(column.values instanceof Float64Array)) continue
    const buffer = column.values.buffer
    if (!held.has(buffer) && uses.get(buffer) === 1) scratch.add(name)
  }
  return new PipelineFrame(frame, scratch)
}

/** Numeric and boolean columns can be features; anything else must be encoded by a step first. */
export function isFeatureColumn(column: Column): column is NumericColumn | BooleanColumn {
  return column.type === 'numeric' || column.type === 'boolean'
}

/**
 * Rows per block of `frameToMatrix`: a block of the matrix stays in cache while every column writes its
 * slice of it, instead of each column striding the whole matrix (measured: 256 to 4096 rows all do well).
 */
const BLOCK_ROWS = 256

/** Packs the named columns of `frame` into a row-major float32 matrix (the one cast to float). */
export function frameToMatrix(frame: Frame, names: readonly string[], rowCount: number): FeatureMatrix {
  const width = names.length
  const sources = names.map((name) => {
    const column = frame.get(name)
    if (!column || !isFeatureColumn(column)) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `feature '${name}' is not a numeric column of the frame`,
        {
          details: { column: name },
        },
      )
    }
    return column.type === 'boolean' ? booleanAsNumbers(column.values) : column.values
  })
  const values = new Float32Array(rowCount * width)
  for (let start = 0; start < rowCount; start += BLOCK_ROWS) {
    const end = Math.min(start + BLOCK_ROWS, rowCount)
    for (let j = 0; j < width; j++) {
      const source = sources[j]!
      for (let i = start, at = start * width + j; i < end; i++, at += width) values[at] = source[i]!
    }
  }
  return { names, rowCount, values }
}

function booleanAsNumbers(values: Int8Array): Float32Array {
  const out = new Float32Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = values[i] === -1 ? Number.NaN : values[i]!
  return out
}

// Categorical and text hold the same kind of value; a loader may infer either from a different sample,
// so each is accepted where the other was fitted. Any other type change is an error.
function coerced(column: Column, type: ColumnType): Column {
  if (column.type === type) return column
  if (type === 'categorical' && column.type === 'text') return encode(column)
  if (type === 'text' && column.type === 'categorical') {
    return {
      name: column.name,
      type: 'text',
      values: Array.from(column.codes, (c) => column.dictionary[c] ?? null),
    }
  }
  throw new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `column '${column.name}' is ${column.type}; the pipeline was fitted on a ${type} column`,
    { details: { column: column.name, expected: type, actual: column.type } },
  )
}

function encode(column: TextColumn): CategoricalColumn {
  const index = new Map<string, number>()
  const codes = new Int32Array(column.values.length)
  column.values.forEach((value, i) => {
    if (value === null) {
      codes[i] = -1
      return
    }
    let code = index.get(value)
    if (code === undefined) {
      code = index.size
      index.set(value, code)
    }
    codes[i] = code
  })
  return { name: column.name, type: 'categorical', codes, dictionary: [...index.keys()] }
}

function normalised(column: Column): Column {
  if (column.type === 'categorical') {
    const empty = column.dictionary.indexOf('')
    if (empty === -1) return column
    return { ...column, codes: column.codes.map((c) => (c === empty ? -1 : c)) }
  }
  if (column.type === 'text' && column.values.includes('')) {
    return { ...column, values: column.values.map((v) => (v === '' ? null : v)) }
  }
  return column
}
