import { type Dataset, fingerprintDataset } from '../data/index.js'
import { averagePrecision, calibrationBins, precisionRecallCurve, rocAuc, rocCurve } from './metrics/index.js'
import { MODEL_FAMILIES } from './model-families.js'
import { renderTrainingReportHtml, type TrainingReport } from './report/training-report.js'
import { encodeTarget } from './target.js'
import type { TrainingOutcome } from './train.js'
import { type Evaluation, evaluatePredictions, type Predictions, type TrainedModel } from './trained-model.js'

/** What a tracking run records of a training: params, final metrics and the HTML report. */
export interface TrainingRunDescription {
  readonly params: Readonly<Record<string, string | number | boolean>>
  /** `valid_*` and `test_*` evaluations of the model kept, and `best_iteration` for boosters. */
  readonly metrics: Readonly<Record<string, number>>
  /** The step the final metrics belong at: one past the last iteration, i.e. the model as kept. */
  readonly finalStep: number
  readonly reportHtml: string
}

/**
 * Describes a finished training for tracking: the resolved parameters under their user-facing names
 * plus data facts (rows, feature count, fingerprint, sources, pipeline steps), the validation and test
 * metrics, and the report. Curves (ROC, PR, calibration; residuals for regression) come from the test
 * data when given, else the validation data, else the training data.
 */
export function describeTrainingRun(
  outcome: TrainingOutcome,
  options: { readonly test?: Dataset; readonly sources?: Readonly<Record<string, string>> } = {},
): TrainingRunDescription {
  const { model, trainData, validData } = outcome
  const scored = (data: Dataset) => {
    const labels = encodeTarget(data, model.target, model.classes)
    const predictions = model.predict(data)
    return { labels, predictions, evaluation: evaluatePredictions(predictions, labels) }
  }
  const valid = validData && scored(validData)
  const test = options.test && scored(options.test)
  const metrics: Record<string, number> = {
    ...prefixed('valid_', valid?.evaluation),
    ...prefixed('test_', test?.evaluation),
  }
  if (model.body.kind === 'gbdt') metrics.best_iteration = model.body.model.bestIteration
  const params = runParams(outcome, options)
  const focus = test ?? valid ?? scored(trainData)
  const report = reportOf(
    model,
    params,
    focus,
    {
      trainRows: trainData.rowCount,
      ...(validData ? { validRows: validData.rowCount } : {}),
      ...(options.test ? { testRows: options.test.rowCount } : {}),
      features: model.pipeline.featureNames.length,
    },
    {
      ...(valid ? { valid: valid.evaluation.metrics } : {}),
      ...(test ? { test: test.evaluation.metrics } : {}),
    },
  )
  return { params, metrics, finalStep: model.history.length, reportHtml: renderTrainingReportHtml(report) }
}

/** How many iterations a training will report at most, for a progress bar. */
export function plannedIterations(
  kind: 'gbdt' | 'linear',
  params: Readonly<Record<string, unknown>>,
): number {
  const raw =
    kind === 'gbdt' ? (params.num_trees ?? params.numTrees) : (params.max_iterations ?? params.maxIterations)
  const given = Number(raw)
  if (Number.isInteger(given) && given > 0) return given
  return kind === 'gbdt'
    ? MODEL_FAMILIES.gbdt.defaults.numTrees
    : MODEL_FAMILIES.linear.defaults.maxIterations
}

function prefixed(prefix: string, evaluation: Evaluation | undefined): Record<string, number> {
  if (!evaluation) return {}
  return Object.fromEntries(Object.entries(evaluation.metrics).map(([k, v]) => [prefix + k, v]))
}

function runParams(
  outcome: TrainingOutcome,
  options: { readonly test?: Dataset; readonly sources?: Readonly<Record<string, string>> },
): Record<string, string | number | boolean> {
  const { model, trainData, validData } = outcome
  const family = MODEL_FAMILIES[model.body.kind]
  const resolved = model.body.model.params as unknown as Record<string, unknown>
  const params: Record<string, string | number | boolean> = {
    model: model.kind,
    task: model.task,
    target: model.target,
  }
  for (const [name, rule] of Object.entries(family.params)) {
    const value = resolved[rule.field]
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
      params[name] = value
  }
  if (model.classes) params.classes = model.classes.values.join(',')
  params['pipeline.steps'] = model.pipeline.steps.map((s) => s.spec.type).join(',') || '(none)'
  params['data.features'] = model.pipeline.featureNames.length
  params['data.train_rows'] = trainData.rowCount
  if (validData) params['data.valid_rows'] = validData.rowCount
  if (options.test) params['data.test_rows'] = options.test.rowCount
  params['data.fingerprint'] = fingerprintDataset(trainData)
  for (const [part, source] of Object.entries(options.sources ?? {})) params[`data.${part}`] = source
  return params
}

function reportOf(
  model: TrainedModel,
  params: Readonly<Record<string, string | number | boolean>>,
  focus: { labels: Float64Array; predictions: Predictions; evaluation: Evaluation },
  dataset: TrainingReport['dataset'] & object,
  metrics: TrainingReport['metrics'],
): TrainingReport {
  const history = model.history
  const metric = Object.keys(history[0]?.train ?? {})[0] ?? 'loss'
  const withValid = history.some((h) => h.valid?.[metric] !== undefined)
  const learningCurve: TrainingReport['learningCurve'] = {
    metric,
    iterations: history.map((h) => h.iteration),
    train: history.map((h) => h.train[metric] ?? Number.NaN),
    ...(withValid ? { valid: history.map((h) => h.valid?.[metric] ?? Number.NaN) } : {}),
    ...(model.body.kind === 'gbdt' && withValid ? { bestIteration: model.body.model.bestIteration - 1 } : {}),
  }
  const base: TrainingReport = {
    title: `${model.kind} ${model.task} model of '${model.target}'`,
    task: model.task,
    modelKind: model.kind,
    params,
    learningCurve,
    metrics,
    importance: model.importance(),
    dataset,
  }
  const { labels, predictions, evaluation } = focus
  if (predictions.values) return { ...base, residuals: { predicted: predictions.values, actual: labels } }
  const classes = predictions.classes!.map(String)
  const confusion = { labels: classes, matrix: evaluation.confusion ?? [] }
  if (model.task !== 'binary') return { ...base, confusion }
  const positive = positiveScores(predictions.probabilities!)
  return {
    ...base,
    confusion,
    roc: { ...rocCurve(labels, positive), auc: rocAuc(labels, positive) },
    pr: { ...precisionRecallCurve(labels, positive), averagePrecision: averagePrecision(labels, positive) },
    calibration: calibrationBins(labels, positive),
  }
}

// The probability of class 1 from [1 - p, p] rows.
function positiveScores(probabilities: Float64Array): Float64Array {
  const out = new Float64Array(probabilities.length / 2)
  for (let row = 0; row < out.length; row++) out[row] = probabilities[row * 2 + 1]!
  return out
}
