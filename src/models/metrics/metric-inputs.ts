import { invalidValue } from '../../shared/index.js'

/**
 * Argument checks shared by every metric. Metrics are computed after training, where a wrong length
 * or a NaN probability is a caller bug: they throw `INVALID_PARAMETER_VALUE` naming the field rather
 * than return a silently wrong number. Each check is one pass over a typed array.
 */

/** Scores, probabilities or predictions as models produce them (double, or float from ONNX). */
export type Scores = Float64Array | Float32Array

/** Options every metric takes: per-row sample weights (finite, >= 0; default all 1). */
export interface WeightOptions {
  readonly weights?: Float64Array
}

/**
 * Options of the binary ranking metrics and curves: the class index that counts as positive (default
 * 1; every other label is negative, which makes a multiclass label vector one-vs-rest) and weights.
 */
export interface BinaryOptions extends WeightOptions {
  readonly positive?: number
}

/** Throws unless there is at least one row. */
export function checkRows(labels: Float64Array): number {
  if (labels.length === 0) throw invalidValue('labels', 'must hold at least one row, got 0')
  return labels.length
}

/** Throws unless `values` holds exactly `expected` entries. */
export function checkLength(field: string, values: ArrayLike<number>, expected: number): void {
  if (values.length !== expected) {
    throw invalidValue(field, `must have length ${expected} (one per label), got ${values.length}`)
  }
}

/** Throws unless `classes` is an integer >= 2. */
export function checkClasses(classes: number): void {
  if (!Number.isInteger(classes) || classes < 2) {
    throw invalidValue('classes', `must be an integer >= 2, got ${String(classes)}`)
  }
}

/** Throws unless every label is a class index: an integer in [0, classes). */
export function checkClassLabels(labels: Float64Array, classes: number, field = 'labels'): void {
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!
    if (!(y >= 0 && y < classes && Number.isInteger(y))) {
      throw invalidValue(field, `must be class indices in [0, ${classes - 1}], got ${y} at row ${i}`)
    }
  }
}

/** Throws unless every value is finite (NaN and ±Infinity are refused). */
export function checkFinite(field: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!))
      throw invalidValue(field, `must be finite, got ${values[i]} at row ${i}`)
  }
}

/** Throws unless no value is NaN (ranking metrics accept ±Infinity: they only compare scores). */
export function checkNotNaN(field: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) throw invalidValue(field, `must not be NaN, got NaN at row ${i}`)
  }
}

/** Throws unless `weights` (when given) has one finite, non-negative weight per row. */
export function checkWeights(weights: Float64Array | undefined, rows: number): void {
  if (weights === undefined) return
  checkLength('weights', weights, rows)
  for (let i = 0; i < rows; i++) {
    const w = weights[i]!
    if (!(w >= 0 && w < Infinity))
      throw invalidValue('weights', `must be finite and >= 0, got ${w} at row ${i}`)
  }
}

/** Checks classifier probabilities: finite, row-major [N, K] for N labels. */
function checkProbabilities(probabilities: Scores, rows: number, classes: number): void {
  if (probabilities.length !== rows * classes) {
    throw invalidValue(
      'probabilities',
      `must have length ${rows * classes} ([N, ${classes}] for ${rows} labels), got ${probabilities.length}`,
    )
  }
  checkFinite('probabilities', probabilities)
}

/** Checks labels, [N, K] probabilities and weights together; returns the weights. */
export function checkClassifierInputs(
  labels: Float64Array,
  probabilities: Scores,
  classes: number,
  options: WeightOptions,
): Float64Array | undefined {
  const rows = checkRows(labels)
  checkClasses(classes)
  checkClassLabels(labels, classes)
  checkProbabilities(probabilities, rows, classes)
  checkWeights(options.weights, rows)
  return options.weights
}
