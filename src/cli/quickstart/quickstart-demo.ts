import type { Shipyard } from '../../sdk/index.js'
import { ShipyardError } from '../../shared/index.js'
import { trainLogisticRegression } from './logistic-regression.js'
import { makeClassificationData } from './synthetic-data.js'

/** The experiment the quickstart logs to. */
export const QUICKSTART_EXPERIMENT = 'quickstart'

/** The sweep: one run per learning rate, everything else fixed. */
export const QUICKSTART_SWEEP = {
  learningRates: [0.03, 0.3, 1, 3],
  epochs: 40,
  rows: 600,
  featureScales: [1.5, 1, 0.7, 0.5, 0.3],
  seed: 42,
} as const

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
  readonly runs: readonly QuickstartRun[]
}

/** Epochs trained over the whole sweep, for a progress bar. */
export const QUICKSTART_TOTAL_EPOCHS = QUICKSTART_SWEEP.learningRates.length * QUICKSTART_SWEEP.epochs

/**
 * Trains a small logistic regression on seeded synthetic data once per learning rate and logs each
 * as a run of the `quickstart` experiment (created when missing): params, per-epoch `train_loss`,
 * `val_loss` and `val_accuracy` as step metrics, the final `best_val_accuracy`, and `summary.json`
 * (weights and final metrics) as an artifact. Takes well under a second of compute. Refuses a
 * deleted `quickstart` experiment rather than restoring it behind the user's back.
 */
export async function logQuickstartDemo(
  shipyard: Shipyard,
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
  const { learningRates, epochs, rows, featureScales, seed } = QUICKSTART_SWEEP
  const { train, validation } = makeClassificationData({ rows, scales: featureScales, seed })
  const runs: QuickstartRun[] = []
  for (const learningRate of learningRates) {
    const runName = `logreg-lr-${learningRate}`
    const result = await shipyard.withRun(
      { experimentId: experiment.experimentId, runName, tags: { 'shipyard.example': 'quickstart' } },
      async (run) => {
        await run.logParams({
          model: 'logistic_regression',
          learning_rate: learningRate,
          epochs,
          features: featureScales.length,
          train_rows: train.rows,
          validation_rows: validation.rows,
          seed,
        })
        let best = 0
        let last = { valAccuracy: 0, valLoss: 0 }
        const model = trainLogisticRegression(train, validation, { learningRate, epochs }, (m) => {
          run.logMetrics(
            { train_loss: m.trainLoss, val_loss: m.validationLoss, val_accuracy: m.validationAccuracy },
            m.epoch,
          )
          best = Math.max(best, m.validationAccuracy)
          last = { valAccuracy: m.validationAccuracy, valLoss: m.validationLoss }
          onEpoch()
        })
        run.logMetric('best_val_accuracy', best, epochs)
        await run.logJson(
          {
            model: 'logistic_regression',
            learningRate,
            epochs,
            weights: [...model.weights],
            bias: model.bias,
            final: { valAccuracy: last.valAccuracy, valLoss: last.valLoss, bestValAccuracy: best },
          },
          'summary.json',
        )
        return { runId: run.runId, ...last }
      },
    )
    runs.push({ runName, learningRate, ...result })
  }
  return { experimentId: experiment.experimentId, experimentName: experiment.name, runs }
}
