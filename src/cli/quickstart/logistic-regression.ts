/** Rows of float64 features with 0/1 labels: what the quickstart's small trainer takes. */
export interface LabelledMatrix {
  /** Row-major features: row `i` is `features[i * columns .. (i + 1) * columns)`. */
  readonly features: Float64Array
  /** 0 or 1 per row. */
  readonly labels: Uint8Array
  readonly rows: number
  readonly columns: number
}

/** A fitted binary logistic regression: `p(y=1|x) = sigmoid(x·weights + bias)`. */
export interface LogisticModel {
  readonly weights: Float64Array
  readonly bias: number
}

/** What one epoch of training measured. */
export interface EpochMetrics {
  /** 1-based. */
  readonly epoch: number
  /** Mean log loss on the training rows. */
  readonly trainLoss: number
  /** Mean log loss on the validation rows. */
  readonly validationLoss: number
  /** Share of validation rows classified right at the 0.5 threshold. */
  readonly validationAccuracy: number
}

/** Hyperparameters of `trainLogisticRegression`. */
export interface LogisticOptions {
  readonly learningRate: number
  readonly epochs: number
}

/**
 * Full-batch gradient descent on the mean log loss, starting from zero weights, so a run is fully
 * determined by its data and hyperparameters. Calls `onEpoch` after every epoch with the losses and
 * validation accuracy. The quickstart's demo model: it lives here until `src/models/linear/` exists.
 */
export function trainLogisticRegression(
  train: LabelledMatrix,
  validation: LabelledMatrix,
  options: LogisticOptions,
  onEpoch: (metrics: EpochMetrics) => void = () => {},
): LogisticModel {
  const { columns } = train
  const weights = new Float64Array(columns)
  const gradient = new Float64Array(columns)
  let bias = 0
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    gradient.fill(0)
    let biasGradient = 0
    for (let i = 0; i < train.rows; i++) {
      const error = predict(train, i, weights, bias) - (train.labels[i] ?? 0)
      for (let j = 0; j < columns; j++) gradient[j]! += error * (train.features[i * columns + j] ?? 0)
      biasGradient += error
    }
    for (let j = 0; j < columns; j++) weights[j]! -= (options.learningRate * gradient[j]!) / train.rows
    bias -= (options.learningRate * biasGradient) / train.rows
    const held = evaluate(validation, { weights, bias })
    onEpoch({
      epoch,
      trainLoss: evaluate(train, { weights, bias }).loss,
      validationLoss: held.loss,
      validationAccuracy: held.accuracy,
    })
  }
  return { weights, bias }
}

/** Mean log loss and accuracy (0.5 threshold) of `model` on `data`. */
export function evaluate(data: LabelledMatrix, model: LogisticModel): { loss: number; accuracy: number } {
  let loss = 0
  let correct = 0
  for (let i = 0; i < data.rows; i++) {
    // Clamped so that a confident wrong answer costs a large but finite loss.
    const p = Math.min(1 - 1e-12, Math.max(1e-12, predict(data, i, model.weights, model.bias)))
    const y = data.labels[i] ?? 0
    loss -= y === 1 ? Math.log(p) : Math.log(1 - p)
    if ((p >= 0.5 ? 1 : 0) === y) correct++
  }
  return { loss: loss / data.rows, accuracy: correct / data.rows }
}

function predict(data: LabelledMatrix, row: number, weights: Float64Array, bias: number): number {
  let z = bias
  for (let j = 0; j < data.columns; j++) z += (data.features[row * data.columns + j] ?? 0) * (weights[j] ?? 0)
  return 1 / (1 + Math.exp(-z))
}
