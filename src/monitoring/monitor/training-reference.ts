import type { Dataset } from '../../data/index.js'
import type { ModelSignature, Task, TrainedModel } from '../../models/index.js'
import {
  buildReferenceProfile,
  type DriftColumn,
  driftColumnsOf,
  type ReferenceProfile,
  type ReferenceProfileOptions,
} from '../drift/index.js'

/**
 * Where a training run keeps its drift reference, relative to the run's artifact root. The SDK's
 * `trainRun` writes it (`TRAIN_RUN_ARTIFACTS.reference`); monitoring sits below the SDK, so it names
 * the path itself and a test keeps the two equal.
 */
export const REFERENCE_ARTIFACT = 'monitoring/reference.json'

/**
 * The output of each task that drift compares, named as the prediction log flattens a response:
 * the positive class's probability for binary classifiers, the predicted class for multiclass ones
 * (a category), the value for regressors.
 */
export const PREDICTION_OUTPUT: Readonly<Record<Task, string>> = {
  binary: 'probability',
  multiclass: 'label',
  regression: 'prediction',
}

/**
 * The input columns drift watches: the signature's, but datetimes, whose values move with time (a
 * live window always lies after the training data, so they would always drift) and which the log
 * keeps as the strings the request sent.
 */
export function referenceFeatureNames(signature: ModelSignature): string[] {
  return signature.inputs.filter((input) => input.columnType !== 'datetime').map((input) => input.name)
}

/**
 * The drift reference of a freshly trained model: its input features profiled on the training rows,
 * and its prediction (`PREDICTION_OUTPUT`) on the validation rows when there are some, else on the
 * training rows. Held-out rows give the prediction distribution live traffic has: on the rows it
 * learnt from, a boosted model is more confident than on anything new, and that difference alone
 * would read as prediction drift. The prediction's reference therefore has its own `rows`. Costs one
 * sort per numeric feature and one in-process prediction of the scored rows.
 *
 * @example
 * const reference = buildTrainingReference(outcome.model, { train: outcome.trainData, valid: outcome.validData })
 */
export function buildTrainingReference(
  model: TrainedModel,
  data: { readonly train: Dataset; readonly valid?: Dataset | undefined },
  options: ReferenceProfileOptions = {},
): ReferenceProfile {
  const names = referenceFeatureNames(model.signature)
  const features = buildReferenceProfile({ features: driftColumnsOf(data.train, names) }, options)
  // Built alone, the prediction's column draws from the same seeded fork (by name) as it would beside the features.
  const prediction = predictionColumn(model, data.valid ?? data.train)
  return { ...features, prediction: buildReferenceProfile({ features: [], prediction }, options).prediction }
}

function predictionColumn(model: TrainedModel, data: Dataset): DriftColumn {
  const predicted = model.predict(data)
  const name = PREDICTION_OUTPUT[model.task]
  switch (model.task) {
    case 'regression':
      return { name, kind: 'numeric', values: predicted.values! }
    case 'binary': {
      const probabilities = predicted.probabilities!
      const positive = new Float64Array(predicted.rowCount)
      for (let row = 0; row < positive.length; row++) positive[row] = probabilities[row * 2 + 1]!
      return { name, kind: 'numeric', values: positive }
    }
    case 'multiclass':
      return { name, kind: 'categorical', values: predicted.labels!.map(String) }
  }
}
