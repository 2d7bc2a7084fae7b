import type { Column } from '../data/index.js'
import type { ModelSignature, Predictions } from '../models/index.js'
import { invalidValue } from '../shared/index.js'

/**
 * The prediction columns a model adds to each output row: regressors `prediction`; classifiers
 * `label` then one `probability_<class>` per class, in the signature's class order.
 */
export type PredictionLayout =
  | { readonly kind: 'regression' }
  | { readonly kind: 'classification'; readonly classes: readonly (number | string)[] }

/**
 * The layout for a model's signature. Classes come from the signature, or, for a classifier exported
 * elsewhere without them, are numbered from its probabilities output's width.
 */
export function predictionLayout(signature: ModelSignature): PredictionLayout {
  if (signature.task === 'regression') return { kind: 'regression' }
  if (signature.classes) return { kind: 'classification', classes: signature.classes }
  const width = signature.outputs.find((o) => o.shape.length === 2 && o.type === 'float')?.shape[1]
  if (width === undefined || width < 1) {
    throw invalidValue(
      'signature',
      'a classifier must list its classes or have a [-1, k] probabilities output',
    )
  }
  return { kind: 'classification', classes: Array.from({ length: width }, (_, i) => i) }
}

/** The layout's column names, in output order. */
export function predictionNames(layout: PredictionLayout): string[] {
  if (layout.kind === 'regression') return ['prediction']
  return ['label', ...layout.classes.map((c) => `probability_${c}`)]
}

/**
 * One chunk's prediction columns. Probabilities and regression values are float32, as the ONNX graph
 * computes them; labels are numbers for integer classes, categorical (the classes as dictionary, so
 * every chunk has the same) for string classes.
 */
export function predictionColumns(layout: PredictionLayout, predictions: Predictions): Column[] {
  const rows = predictions.rowCount
  if (layout.kind === 'regression') {
    return [{ name: 'prediction', type: 'numeric', values: Float32Array.from(predictions.values!) }]
  }
  const k = layout.classes.length
  const probabilities = predictions.probabilities!
  if (probabilities.length !== rows * k) {
    throw invalidValue(
      'model',
      `it outputs ${probabilities.length / Math.max(1, rows)} probabilities per row but its signature lists ${k} classes`,
    )
  }
  const probabilityColumns = layout.classes.map((c, j): Column => {
    const values = new Float32Array(rows)
    for (let i = 0; i < rows; i++) values[i] = probabilities[i * k + j]!
    return { name: `probability_${c}`, type: 'numeric', values }
  })
  return [
    labelColumn(layout.classes, predictions.labels ?? argmaxLabels(layout.classes, probabilities, rows)),
    ...probabilityColumns,
  ]
}

function labelColumn(classes: readonly (number | string)[], labels: readonly (number | string)[]): Column {
  if (classes.every((c) => typeof c === 'number')) {
    return { name: 'label', type: 'numeric', values: Float64Array.from(labels, Number) }
  }
  const codeOf = new Map(classes.map((c, i) => [String(c), i]))
  const codes = Int32Array.from(labels, (label) => codeOf.get(String(label)) ?? -1)
  return { name: 'label', type: 'categorical', codes, dictionary: classes.map(String) }
}

// For a classifier without a label output; the first maximum wins, as ONNX's ArgMax breaks ties.
function argmaxLabels(
  classes: readonly (number | string)[],
  probabilities: Float64Array,
  rows: number,
): (number | string)[] {
  const k = classes.length
  return Array.from({ length: rows }, (_, i) => {
    let best = 0
    for (let j = 1; j < k; j++) if (probabilities[i * k + j]! > probabilities[i * k + best]!) best = j
    return classes[best]!
  })
}
