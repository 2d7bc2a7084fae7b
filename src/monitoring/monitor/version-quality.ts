import type { ClassLabels, ModelSignature, Task } from '../../models/index.js'
import type { ModelVersion } from '../../registry/index.js'
import type { LabelledPrediction } from '../prediction-log/index.js'
import { type LabelledPredictions, type LiveQuality, liveQuality, type TrueLabel } from '../quality/index.js'

/** A version's metrics at training time, under the names live quality uses. */
export interface TrainingQuality {
  /** Which held-out data they were measured on (`valid_*` metrics first, else `test_*`); null when neither was logged. */
  readonly dataset: 'valid' | 'test' | null
  /** `auc`, `logloss`, `accuracy`, `f1` for classifiers, `rmse`, `mae` for regressors; null when not logged. */
  readonly metrics: Readonly<Record<string, number | null>>
}

/** Live quality next to training-time quality. */
export interface QualityComparison {
  readonly live: LiveQuality
  readonly training: TrainingQuality
}

/** Live metric name → the training metric it compares with (see `flattenMetrics`). */
const TRAINING_METRIC: Readonly<Record<Task, Readonly<Record<string, string>>>> = {
  binary: { auc: 'roc_auc', logloss: 'logloss', accuracy: 'accuracy', f1: 'f1' },
  multiclass: { auc: 'roc_auc', logloss: 'logloss', accuracy: 'accuracy', f1: 'macro_f1' },
  regression: { rmse: 'rmse', mae: 'mae' },
}

/**
 * A version's live quality over its labelled rows (`loggedRows`: its records in the same window, for
 * label coverage) beside its training metrics. The predictions are read from the logged outputs:
 * `probability` (else `probabilities.<positive class>`) for binary classifiers, `probabilities.<class>`
 * for each class otherwise, `prediction` for regressors; a missing one is NaN (a failed request),
 * which live quality leaves unscored. Null for a classifier whose signature names no classes (an
 * imported graph's may not): its labels cannot be matched.
 */
export function versionQuality(
  version: ModelVersion,
  labelled: readonly LabelledPrediction[],
  loggedRows: number,
): QualityComparison | null {
  const { task, classes = [] } = version.signature
  const scorable = task === 'regression' || (task === 'binary' ? classes.length === 2 : classes.length > 1)
  if (!scorable) return null
  const input = labelledPredictions(version.signature, labelled)
  // Records logged between the two reads may have been labelled too: coverage never passes 1.
  const live = liveQuality(input, { loggedRows: Math.max(loggedRows, labelled.length) })
  return { live, training: trainingQuality(version.signature.task, version.metrics) }
}

function labelledPredictions(
  signature: ModelSignature,
  labelled: readonly LabelledPrediction[],
): LabelledPredictions {
  const labels = labelled.map((l) => l.label)
  const output = (l: LabelledPrediction, name: string): number => {
    const value = l.record.outputs[name]
    return typeof value === 'number' ? value : Number.NaN
  }
  if (signature.task === 'regression') {
    return {
      task: 'regression',
      predictions: Float64Array.from(labelled, (l) => output(l, 'prediction')),
      labels: labels.map(numericLabel),
    }
  }
  const classes = classLabels(signature.classes ?? [])
  const names = classes.values.map((c) => `probabilities.${c}`)
  if (signature.task === 'binary') {
    const probability = (l: LabelledPrediction) => {
      const p = output(l, 'probability')
      return Number.isNaN(p) ? output(l, names[1]!) : p
    }
    return { task: 'binary', classes, probabilities: Float64Array.from(labelled, probability), labels }
  }
  const k = names.length
  const probabilities = new Float64Array(labelled.length * k)
  labelled.forEach((l, row) => {
    for (let j = 0; j < k; j++) probabilities[row * k + j] = output(l, names[j]!)
  })
  return { task: 'multiclass', classes, probabilities, labels }
}

/** A regression label sent as text (a CSV cell, a JSON string) is scored as the number it spells. */
function numericLabel(label: TrueLabel): TrueLabel {
  if (typeof label !== 'string' || label.trim() === '') return label
  const value = Number(label)
  return Number.isFinite(value) ? value : label
}

function classLabels(values: readonly (number | string)[]): ClassLabels {
  return values.every((v) => typeof v === 'number')
    ? { kind: 'int64', values: values as number[] }
    : { kind: 'string', values: values.map(String) }
}

function trainingQuality(task: Task, metrics: Readonly<Record<string, number>>): TrainingQuality {
  const names = TRAINING_METRIC[task]
  const dataset = (['valid', 'test'] as const).find((prefix) =>
    Object.values(names).some((name) => `${prefix}_${name}` in metrics),
  )
  const value = (name: string) => {
    const v = dataset === undefined ? undefined : metrics[`${dataset}_${name}`]
    return v !== undefined && Number.isFinite(v) ? v : null
  }
  return {
    dataset: dataset ?? null,
    metrics: Object.fromEntries(Object.entries(names).map(([live, trained]) => [live, value(trained)])),
  }
}
