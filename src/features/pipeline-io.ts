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

/** Numeric and boolean columns can be features; anything else must be encoded by a step first. */
export function isFeatureColumn(column: Column): column is NumericColumn | BooleanColumn {
  return column.type === 'numeric' || column.type === 'boolean'
}

/** Packs the named columns of `frame` into a row-major float32 matrix (the one cast to float). */
export function frameToMatrix(frame: Frame, names: readonly string[], rowCount: number): FeatureMatrix {
  const width = names.length
  const values = new Float32Array(rowCount * width)
  names.forEach((name, j) => {
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
    const source = column.values
    if (column.type === 'boolean') {
      for (let i = 0; i < rowCount; i++) values[i * width + j] = source[i] === -1 ? Number.NaN : source[i]!
    } else {
      for (let i = 0; i < rowCount; i++) values[i * width + j] = source[i]!
    }
  })
  return { names, rowCount, values }
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
