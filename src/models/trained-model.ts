import type { Dataset, DatasetSchema } from '../data/index.js'
import { compilePipelineToOnnx, type FittedPipeline, transform } from '../features/index.js'
import { ShipyardError } from '../shared/index.js'
import { classificationMetrics, flattenMetrics, regressionMetrics } from './metrics/index.js'
import { type FeatureImportance, familyOf, type ModelBody, type ModelKind } from './model-families.js'
import { readModelDocument, type SavedModelFiles, writeModelFiles } from './model-files.js'
import type { ModelSignature } from './signature.js'
import { encodeTarget } from './target.js'
import type { ClassLabels, IterationReport, Task } from './training-data.js'

/**
 * Everything a trained model is, as plain JSON (`model.json`): the fitted feature pipeline, the model
 * itself, the classes, the training data's schema and the signature of its ONNX graph. Deterministic:
 * no clock, no host, so the same data and seed give the same bytes.
 */
export interface ModelDocument {
  readonly format: 'shipyard.model'
  readonly version: 1
  readonly task: Task
  readonly target: string
  readonly classes: ClassLabels | null
  readonly pipeline: FittedPipeline
  readonly body: ModelBody
  /** The schema of the data it was trained on, for validating what it is asked to predict. */
  readonly schema: DatasetSchema
  readonly signature: ModelSignature
  /** Per-iteration training (and validation) losses. */
  readonly history: readonly IterationReport[]
}

/** A model's answers for a dataset, computed in process (the same numbers the ONNX graph gives). */
export interface Predictions {
  readonly task: Task
  readonly rowCount: number
  /** Classifiers: the most probable class of each row. */
  readonly labels?: readonly (number | string)[]
  /** Classifiers: row-major [rows, classes] probabilities, columns in `classes` order. */
  readonly probabilities?: Float64Array
  readonly classes?: readonly (number | string)[]
  /** Regressors: the predicted value of each row. */
  readonly values?: Float64Array
}

/** Metrics of a model on labelled data: flat numbers (`roc_auc`, `rmse`...) plus the confusion matrix. */
export interface Evaluation {
  readonly rowCount: number
  readonly metrics: Readonly<Record<string, number>>
  /** Classifiers: counts, rows the true class, columns the predicted one, in `classes` order. */
  readonly confusion?: readonly (readonly number[])[]
}

/**
 * A trained model: predicts in process, evaluates on labelled data, and compiles to one ONNX graph
 * that takes the raw columns. Immutable; `toDocument()` is what `save` writes.
 */
export class TrainedModel {
  readonly #document: ModelDocument

  constructor(document: ModelDocument) {
    if (document?.format !== 'shipyard.model' || document.version !== 1) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        'not a Shipyard model document (format shipyard.model, version 1)',
      )
    }
    this.#document = document
  }

  get kind(): ModelKind {
    return this.#document.body.kind
  }

  get task(): Task {
    return this.#document.task
  }

  get target(): string {
    return this.#document.target
  }

  get classes(): ClassLabels | null {
    return this.#document.classes
  }

  get pipeline(): FittedPipeline {
    return this.#document.pipeline
  }

  get signature(): ModelSignature {
    return this.#document.signature
  }

  get history(): readonly IterationReport[] {
    return this.#document.history
  }

  /** The model's own part: trees or coefficients. */
  get body(): ModelBody {
    return this.#document.body
  }

  /** Feature importance, most important first (gain, then split count). */
  importance(): FeatureImportance[] {
    const { family, model } = familyOf(this.#document.body)
    return family.importance(model).sort((a, b) => b.gain - a.gain || b.split - a.split)
  }

  /** Reads a model that `save` wrote (its `model.json`). */
  static async load(folder: string): Promise<TrainedModel> {
    return new TrainedModel(await readModelDocument(folder))
  }

  /** Writes the model's files (`MODEL_FILES`) into `folder`: `model.json`, `model.onnx`, signature and pipeline. */
  save(folder: string): Promise<SavedModelFiles> {
    return writeModelFiles(folder, this.#document, this.toOnnx())
  }

  /** The document `save` writes as `model.json`. */
  toDocument(): ModelDocument {
    return this.#document
  }

  /** Raw scores (logits, or values), row-major [rows, outputs], from the dataset's raw columns. */
  predictRaw(dataset: Dataset): Float64Array {
    const { family, model } = familyOf(this.#document.body)
    return family.predictRaw(model, transform(this.#document.pipeline, dataset))
  }

  /** Predictions for every row of `dataset` (it needs the signature's input columns; others are ignored). */
  predict(dataset: Dataset): Predictions {
    const raw = this.predictRaw(dataset)
    const { task, classes } = this.#document
    const rowCount = dataset.rowCount
    if (classes === null) return { task, rowCount, values: raw }
    const probabilities =
      task === 'binary' ? binaryProbabilities(raw) : softmaxRows(raw, classes.values.length)
    const k = classes.values.length
    const labels = new Array<number | string>(rowCount)
    for (let row = 0; row < rowCount; row++) labels[row] = classes.values[argmaxRow(probabilities, row, k)]!
    return { task, rowCount, labels, probabilities, classes: classes.values }
  }

  /** Metrics on labelled data; the target column must be there, with the training data's classes. */
  evaluate(dataset: Dataset): Evaluation {
    const labels = encodeTarget(dataset, this.#document.target, this.#document.classes)
    return evaluatePredictions(this.predict(dataset), labels)
  }

  /**
   * The one ONNX graph that serves the model: the feature pipeline, then the model, reading the raw
   * columns of the signature and returning its outputs. Metadata carries the signature as JSON.
   */
  toOnnx(): Uint8Array {
    const { pipeline, body, classes, signature } = this.#document
    const compiled = compilePipelineToOnnx(pipeline)
    const { family, model } = familyOf(body)
    family.appendToGraph(model, compiled.graph, compiled.features, classes)
    return compiled.graph.toModel({
      opsets: compiled.opsets,
      metadata: { 'shipyard.signature': JSON.stringify(signature) },
    })
  }
}

/** The metrics of predictions against encoded labels (class indices, or values for regression). */
export function evaluatePredictions(predictions: Predictions, labels: Float64Array): Evaluation {
  const rowCount = predictions.rowCount
  if (predictions.values) {
    return { rowCount, metrics: flattenMetrics(regressionMetrics(labels, predictions.values)) }
  }
  const metrics = classificationMetrics(labels, predictions.probabilities!, predictions.classes!.length)
  return { rowCount, metrics: flattenMetrics(metrics), confusion: metrics.confusion }
}

/** Sigmoid of each raw score as [1 - p, p] rows. */
function binaryProbabilities(raw: Float64Array): Float64Array {
  const out = new Float64Array(raw.length * 2)
  for (let row = 0; row < raw.length; row++) {
    const p = 1 / (1 + Math.exp(-raw[row]!))
    out[row * 2] = 1 - p
    out[row * 2 + 1] = p
  }
  return out
}

/** Softmax of each row of `k` raw scores, shifted by the row maximum so that exp never overflows. */
function softmaxRows(raw: Float64Array, k: number): Float64Array {
  const out = new Float64Array(raw.length)
  for (let start = 0; start < raw.length; start += k) {
    let max = Number.NEGATIVE_INFINITY
    for (let j = 0; j < k; j++) max = Math.max(max, raw[start + j]!)
    let sum = 0
    for (let j = 0; j < k; j++) {
      const e = Math.exp(raw[start + j]! - max)
      out[start + j] = e
      sum += e
    }
    for (let j = 0; j < k; j++) out[start + j]! /= sum
  }
  return out
}

// The first maximum wins, as ArgMax and the ONNX tree and linear classifiers break ties.
function argmaxRow(values: Float64Array, row: number, k: number): number {
  let best = 0
  for (let j = 1; j < k; j++) if (values[row * k + j]! > values[row * k + best]!) best = j
  return best
}
