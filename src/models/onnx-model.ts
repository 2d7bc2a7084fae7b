import type { Column, Dataset } from '../data/index.js'
import { type OnnxFeed, type OnnxResult, OnnxSession, type OnnxValueInfo } from '../onnx/index.js'
import { invalidValue, ShipyardError } from '../shared/index.js'
import { outputRoles } from './output-roles.js'
import { prepareTarget } from './target.js'
import { type Evaluation, evaluatePredictions, type Predictions } from './trained-model.js'
import type { Task } from './training-data.js'

/** Options of `OnnxModel.predict` and `evaluate`. */
export interface OnnxModelOptions {
  /**
   * For a model with one matrix input ([N, F], as skl2onnx and PyTorch export): the columns that fill
   * it, in order. Default: every numeric and boolean column but the target, in dataset order.
   */
  readonly features?: readonly string[]
}

/**
 * Any ONNX model, Shipyard's own or one trained elsewhere (skl2onnx, PyTorch, LightGBM converters),
 * run through the same onnxruntime wrapper on a dataset. Two input layouts are understood:
 * one tensor per column, named as the columns (Shipyard's, and skl2onnx pipelines with named inputs);
 * or a single numeric matrix input filled from `features`. Outputs are read by name (`outputRoles`):
 * `label` / `output_label`, probabilities from the first float output whose name contains `prob`, and
 * otherwise a regression value from the first float output. skl2onnx's default ZipMap output (a
 * sequence of maps) is refused with a hint to export with `zipmap=False`.
 */
export class OnnxModel {
  readonly #session: OnnxSession

  private constructor(session: OnnxSession) {
    this.#session = session
  }

  /** Loads a model from a file path or bytes. */
  static async load(model: string | Uint8Array): Promise<OnnxModel> {
    return new OnnxModel(await OnnxSession.load(model))
  }

  get inputs(): readonly OnnxValueInfo[] {
    return this.#session.inputs
  }

  get outputs(): readonly OnnxValueInfo[] {
    return this.#session.outputs
  }

  /** Runs the model on the dataset's rows and returns every tensor output. */
  async run(dataset: Dataset, options: OnnxModelOptions = {}): Promise<Record<string, OnnxResult>> {
    const wanted = this.outputs.filter((o) => o.type !== 'non-tensor').map((o) => o.name)
    if (wanted.length === 0) throw zipMapError(this.outputs)
    return this.#session.run(feedsFor(this.inputs, dataset, options), wanted)
  }

  /** Predictions as `TrainedModel.predict` gives them; class labels come from the label output. */
  async predict(dataset: Dataset, options: OnnxModelOptions = {}): Promise<Predictions> {
    const results = await this.run(dataset, options)
    const rowCount = dataset.rowCount
    const roles = outputRoles(
      this.outputs.filter((o) => results[o.name]).map((o) => ({ name: o.name, type: results[o.name]!.type })),
    )
    if (roles === null) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `the model has no float output to read; outputs: ${describe(this.outputs)}`,
      )
    }
    if (roles.kind === 'regressor') {
      const values = Float64Array.from(results[roles.value]!.data as Float32Array)
      if (values.length !== rowCount) {
        throw new ShipyardError(
          'INVALID_PARAMETER_VALUE',
          `output '${roles.value}' has ${values.length} values for ${rowCount} rows; it is not one prediction per row`,
        )
      }
      return { task: 'regression', rowCount, values }
    }
    const result = results[roles.probabilities]!
    const k = result.dims.at(-1) ?? 0
    const probs = Float64Array.from(result.data as Float32Array)
    const labels = roles.label
      ? Array.from(results[roles.label]!.data as ArrayLike<number | bigint | string>, plain)
      : undefined
    return {
      task: k > 2 ? 'multiclass' : 'binary',
      rowCount,
      probabilities: probs,
      classes: Array.from({ length: k }, (_, i) => i),
      ...(labels ? { labels } : {}),
    }
  }

  /**
   * Metrics on labelled data. The target's classes, in sorted order (as scikit-learn and Shipyard order
   * them), must match the probability columns one to one.
   */
  async evaluate(
    dataset: Dataset,
    target: string,
    options: OnnxModelOptions & { task?: Task } = {},
  ): Promise<Evaluation> {
    const predictions = await this.predict(dataset.drop([target]), {
      ...options,
      features: options.features ?? defaultFeatures(dataset, target),
    })
    const task = options.task ?? predictions.task
    const prepared = prepareTarget(dataset, target, task)
    const k = predictions.probabilities ? predictions.probabilities.length / dataset.rowCount : 0
    if (prepared.classes && prepared.classes.values.length !== k) {
      throw invalidValue(
        'target',
        `'${target}' has ${prepared.classes.values.length} classes but the model outputs ${k} probabilities per row`,
      )
    }
    return evaluatePredictions(
      prepared.classes ? { ...predictions, classes: prepared.classes.values } : predictions,
      prepared.labels,
    )
  }

  /** Frees the native session. */
  release(): Promise<void> {
    return this.#session.release()
  }
}

function feedsFor(
  inputs: readonly OnnxValueInfo[],
  dataset: Dataset,
  options: OnnxModelOptions,
): Record<string, OnnxFeed> {
  const rows = dataset.rowCount
  if (inputs.every((input) => dataset.has(input.name))) {
    return Object.fromEntries(
      inputs.map((input) => [input.name, columnFeed(dataset.column(input.name), input, rows)]),
    )
  }
  if (inputs.length !== 1) {
    const missing = inputs.filter((i) => !dataset.has(i.name)).map((i) => `'${i.name}'`)
    throw invalidValue(
      'data',
      `the model takes inputs ${describe(inputs)}; the data has no column ${missing.join(', ')}`,
    )
  }
  const input = inputs[0]!
  const names = options.features ?? defaultFeatures(dataset)
  const width = input.shape[1]
  if (typeof width === 'number' && width !== names.length) {
    throw invalidValue(
      'features',
      `the model's input '${input.name}' takes ${width} features per row; ${names.length} columns were given (${names.join(', ')})`,
    )
  }
  if (input.type !== 'float' && input.type !== 'double') {
    throw invalidValue(
      'data',
      `input '${input.name}' is ${input.type}; a single matrix input must be float or double`,
    )
  }
  const data =
    input.type === 'float' ? new Float32Array(rows * names.length) : new Float64Array(rows * names.length)
  names.forEach((name, f) => {
    const values = numericValues(dataset.column(name))
    for (let row = 0; row < rows; row++) data[row * names.length + f] = values[row]!
  })
  return { [input.name]: { type: input.type, data, dims: [rows, names.length] } as OnnxFeed }
}

function columnFeed(column: Column, input: OnnxValueInfo, rows: number): OnnxFeed {
  const dims = input.shape.length === 1 ? [rows] : [rows, 1]
  switch (input.type) {
    case 'float':
      return { type: 'float', data: Float32Array.from(numericValues(column)), dims }
    case 'double':
      return { type: 'double', data: Float64Array.from(numericValues(column)), dims }
    case 'int64':
      return {
        type: 'int64',
        data: BigInt64Array.from(numericValues(column), (v) =>
          BigInt(Math.round(Number.isFinite(v) ? v : 0)),
        ),
        dims,
      }
    case 'string':
      return { type: 'string', data: stringValues(column), dims }
    default:
      throw invalidValue(
        input.name,
        `input type ${input.type} is not supported; inputs may be float, double, int64 or string`,
      )
  }
}

function numericValues(column: Column): ArrayLike<number> {
  switch (column.type) {
    case 'numeric':
    case 'datetime':
      return column.values
    case 'boolean':
      return Float64Array.from(column.values, (v) => (v === -1 ? Number.NaN : v))
    default:
      throw invalidValue(column.name, `is ${column.type}; the model takes numbers here`)
  }
}

function stringValues(column: Column): string[] {
  switch (column.type) {
    case 'categorical':
      return Array.from(column.codes, (c) => column.dictionary[c] ?? '')
    case 'text':
      return column.values.map((v) => v ?? '')
    default:
      return Array.from(numericValues(column), (v) => (Number.isNaN(v) ? '' : String(v)))
  }
}

function defaultFeatures(dataset: Dataset, exclude?: string): string[] {
  return dataset.columns
    .filter((c) => c.name !== exclude && (c.type === 'numeric' || c.type === 'boolean'))
    .map((c) => c.name)
}

function plain(value: number | bigint | string): number | string {
  return typeof value === 'bigint' ? Number(value) : value
}

function describe(infos: readonly OnnxValueInfo[]): string {
  return infos.map((i) => `'${i.name}' (${i.type} [${i.shape.join(', ')}])`).join(', ')
}

function zipMapError(outputs: readonly OnnxValueInfo[]): ShipyardError {
  return new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `the model has no tensor output (${describe(outputs)}); a scikit-learn classifier exported with ZipMap returns maps: export it with skl2onnx options {'zipmap': False}`,
  )
}
