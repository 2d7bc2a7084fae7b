import { applySplit, type Dataset, randomSplit, stratifiedSplit } from '../data/index.js'
import {
  defaultPipeline,
  type FeatureMatrix,
  type FittedPipeline,
  fitPipeline,
  type PipelineSpec,
  transform,
  transformTraining,
} from '../features/index.js'
import { invalidValue, ShipyardError } from '../shared/index.js'
import { MODEL_FAMILIES, MODEL_KINDS, type ModelKind } from './model-families.js'
import { modelSignature } from './signature.js'
import { encodeTarget, prepareTarget } from './target.js'
import { TrainedModel } from './trained-model.js'
import type { ClassLabels, IterationReport, Task, TrainingMatrix } from './training-data.js'

/** Options of `train`. Only `target` is required. */
export interface TrainOptions {
  /** The column to predict. */
  readonly target: string
  /** `gbdt` (default) or `linear`. */
  readonly model?: ModelKind
  /** `auto` (default) infers it from the target (see `prepareTarget`). */
  readonly task?: Task | 'auto'
  /** Model parameters by name (`{ num_leaves: 63 }` or `{ numLeaves: 63 }`); see `GBDT_PARAMS`, `LINEAR_PARAMS`. */
  readonly params?: Readonly<Record<string, unknown>>
  /** The feature pipeline; default: `defaultPipeline` for the model family. */
  readonly pipeline?: PipelineSpec
  /** Validation data, for per-iteration metrics and early stopping. */
  readonly valid?: Dataset
  /** Without `valid`: hold out this fraction of the data (stratified for classifiers). Default 0: none. */
  readonly validFraction?: number
  /** Seeds the split, the pipeline and the trainer (default 0). */
  readonly seed?: number
  /** Classifiers: `balanced` (weights inverse to class frequency) or a weight per class label. */
  readonly classWeight?: 'balanced' | Readonly<Record<string, number>>
  /** Called after every boosting round or optimiser iteration. */
  readonly onIteration?: (report: IterationReport) => void
}

/** What `trainModel` produced: the model and the data it was fitted and validated on. */
export interface TrainingOutcome {
  readonly model: TrainedModel
  readonly trainData: Dataset
  readonly validData?: Dataset
}

/**
 * Trains a model on a dataset: settles the task from the target, fits the feature pipeline on the
 * training rows only, trains the model on its output, and returns a `TrainedModel` that predicts,
 * evaluates, saves and compiles to one ONNX graph. Everything about the inputs is checked before any
 * training starts (`INVALID_PARAMETER_VALUE` naming the field, column or row).
 *
 * @example
 * const model = await train(await readDataset({ path: 'churn.csv' }), { target: 'churned', params: { num_trees: 50 } })
 * model.evaluate(test).metrics.roc_auc
 */
export async function train(dataset: Dataset, options: TrainOptions): Promise<TrainedModel> {
  return (await trainModel(dataset, options)).model
}

/** `train`, also returning the training and validation data after the split. */
export async function trainModel(dataset: Dataset, options: TrainOptions): Promise<TrainingOutcome> {
  const kind = options.model ?? 'gbdt'
  if (!MODEL_KINDS.includes(kind)) {
    throw invalidValue(
      'model',
      `must be one of ${MODEL_KINDS.map((k) => `'${k}'`).join(', ')}, got '${String(kind)}'`,
    )
  }
  const seed = options.seed ?? 0
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw invalidValue('seed', `must be a non-negative integer, got ${seed}`)
  const target = prepareTarget(dataset, options.target, options.task ?? 'auto')
  const { trainData, validData } = holdOut(dataset, options, target.task, seed)
  const family = MODEL_FAMILIES[kind]
  const classCount = target.classes?.values.length ?? 0
  const params = family.resolveParams(target.task, classCount, options.params ?? {}, seed) as never
  const trainTarget =
    trainData === dataset ? target.labels : encodeTarget(trainData, options.target, target.classes)

  const spec =
    options.pipeline ??
    defaultPipeline(dataset.schema, kind, options.target, { cardinality: cardinalities(dataset) })
  const pipeline = fitPipeline(spec, trainData, { target: options.target, seed })
  const features = transformTraining(pipeline, trainData)
  refuseInfinities(features)
  refuseTooFewRows(kind, features.rowCount, params)
  const matrix: TrainingMatrix = {
    features,
    labels: trainTarget,
    ...(options.classWeight
      ? { weights: classWeights(trainTarget, target.classes, options.classWeight) }
      : {}),
  }
  const valid: TrainingMatrix | undefined = validData && {
    features: transform(pipeline, validData),
    labels: encodeTarget(validData, options.target, target.classes),
  }
  const history: IterationReport[] = []
  const trained = await family.train(matrix, params, {
    ...(valid ? { valid } : {}),
    categoricalFeatures: categoricalFeatures(pipeline),
    onIteration: (report) => {
      history.push(report)
      options.onIteration?.(report)
    },
  })
  const model = new TrainedModel({
    format: 'shipyard.model',
    version: 1,
    task: target.task,
    target: options.target,
    classes: target.classes,
    pipeline,
    body: { kind, model: trained } as never,
    schema: dataset.schema,
    signature: modelSignature(target.task, options.target, pipeline.inputs, target.classes),
    history,
  })
  return { model, trainData, ...(validData ? { validData } : {}) }
}

function holdOut(
  dataset: Dataset,
  options: TrainOptions,
  task: Task,
  seed: number,
): { trainData: Dataset; validData?: Dataset } {
  if (options.valid) {
    if (options.validFraction !== undefined) {
      throw invalidValue('validFraction', 'give validation data or a fraction to hold out, not both')
    }
    return { trainData: dataset, validData: options.valid }
  }
  const fraction = options.validFraction ?? 0
  if (fraction === 0) return { trainData: dataset }
  if (!(fraction > 0 && fraction < 1))
    throw invalidValue('validFraction', `must be in [0, 1), got ${fraction}`)
  const split =
    task === 'regression'
      ? randomSplit(dataset, { kind: 'random', testFraction: fraction, seed })
      : stratifiedSplit(dataset, { kind: 'stratified', column: options.target, testFraction: fraction, seed })
  const { train, test } = applySplit(dataset, split)
  return { trainData: train, validData: test }
}

/** Distinct values per categorical column, for the default pipeline's one-hot-or-ordinal choice. */
function cardinalities(dataset: Dataset): Record<string, number> {
  const out: Record<string, number> = {}
  for (const column of dataset.columns) {
    if (column.type === 'categorical') out[column.name] = column.dictionary.length
  }
  return out
}

/** Features the pipeline's ordinal steps produced (and nothing rewrote): trees split them as categories. */
function categoricalFeatures(pipeline: FittedPipeline): number[] {
  const coded = new Set<string>()
  for (const step of pipeline.steps) {
    const columns = (step.spec as { columns?: readonly string[] }).columns ?? []
    for (const name of columns) {
      if (step.spec.type === 'ordinal') coded.add(name)
      else coded.delete(name)
    }
  }
  return pipeline.featureNames.flatMap((name, index) => (coded.has(name) ? [index] : []))
}

// NaN is missing (trees route it, linear pipelines impute it); an infinity is a data error to report.
function refuseInfinities(features: FeatureMatrix): void {
  const values = features.values
  const width = features.names.length
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
      const name = features.names[i % width]!
      const row = Math.floor(i / width)
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `feature '${name}' is ${v} in training row ${row}; replace infinities in the data or clip them in the pipeline`,
        { details: { column: name, row } },
      )
    }
  }
}

function refuseTooFewRows(kind: ModelKind, rows: number, params: { minDataInLeaf?: number }): void {
  const minimum = kind === 'gbdt' ? (params.minDataInLeaf ?? 1) : 1
  if (rows < Math.max(2, minimum)) {
    throw invalidValue(
      kind === 'gbdt' ? 'params.min_data_in_leaf' : 'data',
      `the training data has ${rows} rows; at least ${Math.max(2, minimum)} are needed${kind === 'gbdt' ? ' (min_data_in_leaf)' : ''}`,
    )
  }
}

function classWeights(
  labels: Float64Array,
  classes: ClassLabels | null,
  weighting: 'balanced' | Readonly<Record<string, number>>,
): Float64Array {
  if (classes === null) throw invalidValue('classWeight', 'only classifiers take class weights')
  const k = classes.values.length
  let perClass: number[]
  if (weighting === 'balanced') {
    const counts = new Array<number>(k).fill(0)
    for (const label of labels) counts[label]!++
    perClass = counts.map((n) => (n === 0 ? 0 : labels.length / (k * n)))
  } else {
    const names = classes.values.map(String)
    for (const key of Object.keys(weighting)) {
      if (!names.includes(key)) {
        throw invalidValue(
          `classWeight.${key}`,
          `is not a class; the classes are ${names.map((n) => `'${n}'`).join(', ')}`,
        )
      }
    }
    perClass = names.map((name) => {
      const w = weighting[name] ?? 1
      if (!(Number.isFinite(w) && w > 0))
        throw invalidValue(`classWeight.${name}`, `must be a positive number, got ${w}`)
      return w
    })
  }
  return Float64Array.from(labels, (label) => perClass[label]!)
}
