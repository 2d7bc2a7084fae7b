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
import type { ModelKind } from '../../models/index.js'
import { type ActiveRun, type Shipyard, trainRun } from '../../sdk/index.js'
import { ShipyardError } from '../../shared/index.js'
import { writeChurnCsv } from './churn-data.js'

/** The experiment the quickstart logs to. */
export const QUICKSTART_EXPERIMENT = 'quickstart'

/** The data the quickstart generates and how it is split. */
export const QUICKSTART_DATA = { rows: 2000, testFraction: 0.25, seed: 42 } as const

/**
 * The sweep: one nested run per model over the same data and split. Boosted trees at three learning
 * rates against a logistic regression, so that `runs compare` has something to say.
 */
export const QUICKSTART_SWEEP: readonly {
  readonly runName: string
  readonly model: ModelKind
  readonly params: Readonly<Record<string, number>>
}[] = [
  { runName: 'gbdt-lr-0.03', model: 'gbdt', params: { learning_rate: 0.03, num_trees: 100, num_leaves: 15 } },
  { runName: 'gbdt-lr-0.1', model: 'gbdt', params: { learning_rate: 0.1, num_trees: 100, num_leaves: 15 } },
  { runName: 'gbdt-lr-0.3', model: 'gbdt', params: { learning_rate: 0.3, num_trees: 100, num_leaves: 15 } },
  { runName: 'linear', model: 'linear', params: { l2: 0.001, max_iterations: 100 } },
]

/** Iterations the sweep reports at most, for a progress bar. */
export const QUICKSTART_TOTAL_ITERATIONS = QUICKSTART_SWEEP.reduce(
  (sum, run) => sum + (run.params.num_trees ?? run.params.max_iterations ?? 0),
  0,
)

/** The label column of the churn table. */
export const QUICKSTART_TARGET = 'churned'

/** What the data must look like before anything trains on it. */
const EXPECTATIONS: readonly Expectation[] = [
  { kind: 'row_count', min: 100 },
  { kind: 'required', column: QUICKSTART_TARGET },
  { kind: 'max_null_fraction', column: QUICKSTART_TARGET, max: 0 },
  { kind: 'range', column: 'tenure_months', min: 0 },
  { kind: 'allowed_categories', column: 'plan', values: ['basic', 'standard', 'premium'] },
]

/** What one quickstart run ended with, on the held-out quarter. */
export interface QuickstartRun {
  readonly runId: string
  readonly runName: string
  readonly model: ModelKind
  readonly validAuc: number
  readonly validAccuracy: number
  readonly validLogloss: number
  /** The run's artifacts, `model/model.onnx` and `report.html` among them. */
  readonly artifacts: readonly string[]
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

/** What `logQuickstartDemo` logged, and the held-out rows (label included) that production traffic replays. */
export interface QuickstartDemo {
  readonly summary: QuickstartSummary
  /** The stratified quarter every model was validated on, as loaded (typed columns). */
  readonly holdout: Dataset
}

/**
 * The development loop on a small churn table (numeric, categorical and date columns, some values
 * missing): writes a seeded CSV into `dataDir`, loads it through DuckDB, validates and profiles it,
 * splits it (stratified on the label), then trains each model of the sweep as a tracked run on the
 * training part, validated on the rest: default feature pipeline, per-iteration losses, final
 * metrics, `model.onnx` with its signature, and the HTML report. A parent run `churn-sweep` holds the
 * data's fingerprint, profile (JSON and HTML) and validation. Refuses a deleted `quickstart`
 * experiment rather than restoring it behind the user's back. Returns the summary, and the held-out
 * rows for the production half to send as traffic.
 */
export async function logQuickstartDemo(
  shipyard: Shipyard,
  dataDir: string,
  onIteration: () => void = () => {},
): Promise<QuickstartDemo> {
  const experiment = await shipyard.getOrCreateExperiment(QUICKSTART_EXPERIMENT)
  if (experiment.lifecycleStage === 'deleted') {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `experiment '${QUICKSTART_EXPERIMENT}' (id ${experiment.experimentId}) is deleted; restore it with \`shipyard experiments restore ${experiment.experimentId}\``,
      { details: { experiment: experiment.experimentId } },
    )
  }
  const { rows, seed, testFraction } = QUICKSTART_DATA
  const dataPath = join(dataDir, 'churn.csv')
  writeChurnCsv(dataPath, { rows, seed })
  const { dataset } = await readDataset({ path: dataPath })
  const split = applySplit(
    dataset,
    stratifiedSplit(dataset, { kind: 'stratified', column: QUICKSTART_TARGET, testFraction, seed }),
  )
  const parent = await shipyard.startRun({ experimentId: experiment.experimentId, runName: 'churn-sweep' })
  await logData(parent, dataset, dataPath, { train: split.train.rowCount, test: split.test.rowCount })
  const runs: QuickstartRun[] = []
  for (const { runName, model, params } of QUICKSTART_SWEEP) {
    const result = await trainRun(shipyard, split.train, {
      parent,
      runName,
      tags: { 'shipyard.example': 'quickstart' },
      target: QUICKSTART_TARGET,
      model,
      params,
      seed,
      valid: split.test,
      sources: { train: `${dataPath} (stratified 75%)`, valid: `${dataPath} (stratified 25%)` },
      onIteration,
    })
    runs.push({
      runId: result.runId,
      runName,
      model,
      validAuc: result.metrics.valid_roc_auc!,
      validAccuracy: result.metrics.valid_accuracy!,
      validLogloss: result.metrics.valid_logloss!,
      artifacts: result.artifacts,
    })
  }
  await parent.end()
  const summary = {
    experimentId: experiment.experimentId,
    experimentName: experiment.name,
    dataPath,
    parentRunId: parent.runId,
    runs,
  }
  return { summary, holdout: split.test }
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
    split_column: QUICKSTART_TARGET,
    train_rows: sizes.train,
    test_rows: sizes.test,
  })
  await run.logJson(profile, 'data/profile.json')
  await run.logText(renderProfileHtml(profile, { title: 'churn.csv' }), 'data/profile.html')
  await run.logJson(validation, 'data/validation.json')
}
