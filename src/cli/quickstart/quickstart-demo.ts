import { join } from 'node:path'
import {
  applySplit,
  assertValid,
  type Dataset,
  type Expectation,
  fingerprintDataset,
  profileDataset,
  readDataset,
  renderProfileHtml,
  stratifiedSplit,
  validateDataset,
} from '../../data/index.js'
import {
  defaultPipeline,
  type FeatureMatrix,
  fitPipeline,
  pipelineToOnnxModel,
  transform,
} from '../../features/index.js'
import type { ActiveRun, Shipyard } from '../../sdk/index.js'
import { ShipyardError } from '../../shared/index.js'
import { writeChurnCsv } from './churn-data.js'
import { type LabelledMatrix, trainLogisticRegression } from './logistic-regression.js'

/** The experiment the quickstart logs to. */
export const QUICKSTART_EXPERIMENT = 'quickstart'

/** The sweep: one nested run per learning rate over the same data, split and pipeline. */
export const QUICKSTART_SWEEP = {
  learningRates: [0.03, 0.3, 1, 3],
  epochs: 40,
  rows: 2000,
  testFraction: 0.25,
  seed: 42,
} as const

const TARGET = 'churned'

/** What the data must look like before anything trains on it. */
const EXPECTATIONS: readonly Expectation[] = [
  { kind: 'row_count', min: 100 },
  { kind: 'required', column: TARGET },
  { kind: 'max_null_fraction', column: TARGET, max: 0 },
  { kind: 'range', column: 'tenure_months', min: 0 },
  { kind: 'allowed_categories', column: 'plan', values: ['basic', 'standard', 'premium'] },
]

/** What one quickstart run ended with. */
export interface QuickstartRun {
  readonly runId: string
  readonly runName: string
  readonly learningRate: number
  readonly valAccuracy: number
  readonly valLoss: number
}

/** What `logQuickstartDemo` logged, in sweep order. */
export interface QuickstartSummary {
  readonly experimentId: string
  readonly experimentName: string
  /** The CSV the sweep trained on, to try `shipyard data profile` on. */
  readonly dataPath: string
  /** The parent run holding the data profile, validation and split. */
  readonly parentRunId: string
  readonly runs: readonly QuickstartRun[]
}

/** Epochs trained over the whole sweep, for a progress bar. */
export const QUICKSTART_TOTAL_EPOCHS = QUICKSTART_SWEEP.learningRates.length * QUICKSTART_SWEEP.epochs

/**
 * The development loop on a small churn table: writes a seeded CSV into `dataDir`, loads it through
 * DuckDB, validates and profiles it, splits it (stratified on the label), fits the default linear
 * feature pipeline on the training part only, then trains a logistic regression once per learning
 * rate. A parent run `churn-sweep` holds the data's fingerprint, profile (JSON and HTML) and
 * validation; each learning rate is a nested run with params, per-epoch metrics, the fitted
 * pipeline and its ONNX graph. Refuses a deleted `quickstart` experiment rather than restoring it
 * behind the user's back.
 */
export async function logQuickstartDemo(
  shipyard: Shipyard,
  dataDir: string,
  onEpoch: () => void = () => {},
): Promise<QuickstartSummary> {
  const experiment = await shipyard.getOrCreateExperiment(QUICKSTART_EXPERIMENT)
  if (experiment.lifecycleStage === 'deleted') {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `experiment '${QUICKSTART_EXPERIMENT}' (id ${experiment.experimentId}) is deleted; restore it with \`shipyard experiments restore ${experiment.experimentId}\``,
      { details: { experiment: experiment.experimentId } },
    )
  }
  const { rows, seed, testFraction, learningRates, epochs } = QUICKSTART_SWEEP
  const dataPath = join(dataDir, 'churn.csv')
  writeChurnCsv(dataPath, { rows, seed })
  const { dataset } = await readDataset({ path: dataPath })
  const split = applySplit(
    dataset,
    stratifiedSplit(dataset, { kind: 'stratified', column: TARGET, testFraction, seed }),
  )
  const pipeline = fitPipeline(defaultPipeline(split.train.schema, 'linear', TARGET), split.train, {
    target: TARGET,
    seed,
  })
  const train = toMatrix(transform(pipeline, split.train), split.train)
  const test = toMatrix(transform(pipeline, split.test), split.test)
  const onnx = pipelineToOnnxModel(pipeline)

  const parent = await shipyard.startRun({ experimentId: experiment.experimentId, runName: 'churn-sweep' })
  await logData(parent, dataset, dataPath, { train: split.train.rowCount, test: split.test.rowCount })
  const runs: QuickstartRun[] = []
  for (const learningRate of learningRates) {
    const runName = `logreg-lr-${learningRate}`
    const result = await shipyard.withRun(
      { parent, runName, tags: { 'shipyard.example': 'quickstart' } },
      async (run) => {
        await run.logParams({
          model: 'logistic_regression',
          learning_rate: learningRate,
          epochs,
          features: train.columns,
          train_rows: train.rows,
          validation_rows: test.rows,
          seed,
        })
        let best = 0
        let last = { valAccuracy: 0, valLoss: 0 }
        const model = trainLogisticRegression(train, test, { learningRate, epochs }, (m) => {
          run.logMetrics(
            { train_loss: m.trainLoss, val_loss: m.validationLoss, val_accuracy: m.validationAccuracy },
            m.epoch,
          )
          best = Math.max(best, m.validationAccuracy)
          last = { valAccuracy: m.validationAccuracy, valLoss: m.validationLoss }
          onEpoch()
        })
        run.logMetric('best_val_accuracy', best, epochs)
        await run.logJson(pipeline, 'model/pipeline.json')
        await run.logBytes(onnx, 'model/features.onnx')
        await run.logJson(
          { featureNames: pipeline.featureNames, weights: [...model.weights], bias: model.bias, final: last },
          'model/summary.json',
        )
        return { runId: run.runId, ...last }
      },
    )
    runs.push({ runName, learningRate, ...result })
  }
  await parent.end()
  return {
    experimentId: experiment.experimentId,
    experimentName: experiment.name,
    dataPath,
    parentRunId: parent.runId,
    runs,
  }
}

/** Validates (refusing bad data), profiles and fingerprints the table, and logs it all to the parent run. */
async function logData(
  run: ActiveRun,
  dataset: Dataset,
  path: string,
  sizes: { train: number; test: number },
) {
  const validation = validateDataset(dataset, EXPECTATIONS, { source: path })
  assertValid(validation)
  const fingerprint = fingerprintDataset(dataset)
  const profile = profileDataset(dataset, { fingerprint })
  await run.setTags({ 'shipyard.dataset.path': path, 'shipyard.dataset.fingerprint': fingerprint })
  await run.logParams({
    split: 'stratified',
    split_column: TARGET,
    train_rows: sizes.train,
    test_rows: sizes.test,
  })
  await run.logJson(profile, 'data/profile.json')
  await run.logText(renderProfileHtml(profile, { title: 'churn.csv' }), 'data/profile.html')
  await run.logJson(validation, 'data/validation.json')
}

/** The features as the small trainer takes them: float64 rows and 0/1 labels. */
function toMatrix(features: FeatureMatrix, data: Dataset): LabelledMatrix {
  const label = data.column(TARGET)
  if (label.type !== 'numeric')
    throw new ShipyardError('INVALID_PARAMETER_VALUE', `${TARGET} must be numeric 0/1`)
  return {
    features: Float64Array.from(features.values),
    labels: Uint8Array.from(label.values, (v) => (v === 1 ? 1 : 0)),
    rows: features.rowCount,
    columns: features.names.length,
  }
}
