import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// Types only: the models and data contexts load onnxruntime and DuckDB, which the rest of the SDK
// (tracking alone) must not pay for; `trainRun` imports them when it runs.
import type { Dataset } from '../data/index.js'
import type {
  IterationReport,
  TrainedModel,
  TrainingOutcome,
  TrainingRunDescription,
  TrainOptions,
} from '../models/index.js'
import type { ActiveRun } from './active-run.js'
import type { Shipyard } from './shipyard.js'

/** Options of `trainRun`: what `train` takes, plus where the run goes and what else to evaluate. */
export interface TrainRunOptions extends TrainOptions {
  /** Experiment name (created when new); default: the Default experiment. */
  readonly experiment?: string
  readonly runName?: string
  /** Nest the run under this one (a sweep's parent); its experiment is used unless `experiment` is given. */
  readonly parent?: ActiveRun
  /** Extra run tags. */
  readonly tags?: Readonly<Record<string, string>>
  /** Held-out test data, evaluated once at the end (`test_*` metrics). */
  readonly test?: Dataset
  /** Where the data came from (file paths or queries), logged as params `data.train`, `data.valid`, `data.test`. */
  readonly sources?: { readonly train?: string; readonly valid?: string; readonly test?: string }
}

/** What a tracked training run logged. */
export interface TrainRunResult {
  readonly runId: string
  readonly experimentId: string
  readonly model: TrainedModel
  /** Final metrics as logged: `valid_*`, `test_*`, `train_*`, `best_iteration`. */
  readonly metrics: Readonly<Record<string, number>>
  /** Artifact paths in the run. */
  readonly artifacts: readonly string[]
}

/** Where each artifact of a training run goes, relative to the run's artifact root. */
export const TRAIN_RUN_ARTIFACTS = {
  model: 'model',
  schema: 'data/schema.json',
  profile: 'data/profile.json',
  importance: 'importance.json',
  report: 'report.html',
  /** The drift reference (`REFERENCE_ARTIFACT` in src/monitoring, which reads it back). */
  reference: 'monitoring/reference.json',
} as const

/**
 * Trains a model inside one tracking run: params (model, task, target, resolved parameters, data sizes
 * and fingerprint), the per-iteration losses as step metrics (`train_logloss`, `valid_logloss`, ...),
 * the final metrics, and artifacts: `model/` (model.onnx, model.json, signature.json, pipeline.json),
 * the training data's schema and profile, the drift reference (features on the training rows, the
 * prediction on the validation rows; see `buildTrainingReference`), feature importance, and an HTML
 * report (learning curve, ROC/PR, calibration, confusion, importance). A failure marks the run
 * FAILED with the error (see `Shipyard.withRun`).
 */
export function trainRun(
  shipyard: Shipyard,
  data: Dataset,
  options: TrainRunOptions,
): Promise<TrainRunResult> {
  return shipyard.withRun(
    {
      ...(options.experiment === undefined ? {} : { experimentName: options.experiment }),
      ...(options.runName === undefined ? {} : { runName: options.runName }),
      ...(options.parent === undefined ? {} : { parent: options.parent }),
      ...(options.tags === undefined ? {} : { tags: options.tags }),
    },
    (run) => trainInRun(run, data, options),
  )
}

async function trainInRun(run: ActiveRun, data: Dataset, options: TrainRunOptions): Promise<TrainRunResult> {
  const { describeTrainingRun, trainModel } = await import('../models/index.js')
  const outcome = await trainModel(data, {
    ...options,
    onIteration: (report: IterationReport) => {
      logIteration(run, report)
      options.onIteration?.(report)
    },
  })
  const description = describeTrainingRun(outcome, {
    ...(options.test ? { test: options.test } : {}),
    ...(options.sources ? { sources: options.sources } : {}),
  })
  await run.logParams(description.params)
  run.logMetrics(description.metrics, description.finalStep)
  const artifacts = await logArtifacts(run, outcome, description)
  await run.flush()
  return {
    runId: run.runId,
    experimentId: run.info.experimentId,
    model: outcome.model,
    metrics: description.metrics,
    artifacts,
  }
}

function logIteration(run: ActiveRun, report: IterationReport): void {
  for (const [name, value] of Object.entries(report.train))
    run.logMetric(`train_${name}`, value, report.iteration)
  for (const [name, value] of Object.entries(report.valid ?? {}))
    run.logMetric(`valid_${name}`, value, report.iteration)
}

async function logArtifacts(
  run: ActiveRun,
  { model, trainData, validData }: TrainingOutcome,
  description: TrainingRunDescription,
): Promise<string[]> {
  const [{ profileDataset }, { buildTrainingReference }] = await Promise.all([
    import('../data/index.js'),
    import('../monitoring/index.js'),
  ])
  const folder = await mkdtemp(join(tmpdir(), 'shipyard-model-'))
  try {
    const files = await model.save(folder)
    await run.logArtifacts(folder, TRAIN_RUN_ARTIFACTS.model)
    await run.logJson(trainData.schema, TRAIN_RUN_ARTIFACTS.schema)
    // The run's params already hold the data's fingerprint: the profile reuses it rather than hash again.
    const fingerprint = String(description.params['data.fingerprint'])
    await run.logJson(profileDataset(trainData, { fingerprint }), TRAIN_RUN_ARTIFACTS.profile)
    // Compact: the reference holds a sample of up to 10,000 values per numeric feature.
    const reference = buildTrainingReference(model, { train: trainData, valid: validData })
    await run.logText(JSON.stringify(reference), TRAIN_RUN_ARTIFACTS.reference)
    await run.logJson(model.importance(), TRAIN_RUN_ARTIFACTS.importance)
    await run.logText(description.reportHtml, TRAIN_RUN_ARTIFACTS.report)
    const modelFiles = Object.values(files).map(
      (path) => `${TRAIN_RUN_ARTIFACTS.model}/${path.slice(folder.length + 1)}`,
    )
    return [
      ...modelFiles,
      TRAIN_RUN_ARTIFACTS.schema,
      TRAIN_RUN_ARTIFACTS.profile,
      TRAIN_RUN_ARTIFACTS.reference,
      TRAIN_RUN_ARTIFACTS.importance,
      TRAIN_RUN_ARTIFACTS.report,
    ]
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
