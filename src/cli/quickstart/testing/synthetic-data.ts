import { Random } from '../../../shared/index.js'
import type { LabelledMatrix as Dataset } from '../logistic-regression.js'

/** Sizes and seed of `makeClassificationData`. */
export interface SyntheticDataOptions {
  readonly rows: number
  /** One standard deviation per feature; their number is the number of columns. */
  readonly scales: readonly number[]
  readonly seed: number
  /** Share of rows held out for validation; default 0.25. */
  readonly validationShare?: number
}

/**
 * Draws features from normals with the given scales and labels from a hidden logistic model whose
 * weights are inversely scaled, so that every feature matters. Features of unequal scale make
 * plain gradient descent slow on the small ones: the learning rate visibly changes how far a run
 * gets in a few epochs, which is what the quickstart's sweep shows. Returns a train/validation split.
 */
export function makeClassificationData(options: SyntheticDataOptions): {
  train: Dataset
  validation: Dataset
} {
  const { rows, scales, seed } = options
  const columns = scales.length
  const rng = new Random(seed)
  const random = () => rng.nextFloat()
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const trueWeights = Float64Array.from(scales, (scale) => (2 * normal()) / scale)
  const features = new Float64Array(rows * columns)
  const labels = new Uint8Array(rows)
  for (let i = 0; i < rows; i++) {
    let logit = 0.5
    for (let j = 0; j < columns; j++) {
      const x = normal() * (scales[j] ?? 1)
      features[i * columns + j] = x
      logit += x * (trueWeights[j] ?? 0)
    }
    labels[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
  }
  const trainRows = Math.round(rows * (1 - (options.validationShare ?? 0.25)))
  const slice = (from: number, to: number): Dataset => ({
    features: features.subarray(from * columns, to * columns),
    labels: labels.subarray(from, to),
    rows: to - from,
    columns,
  })
  return { train: slice(0, trainRows), validation: slice(trainRows, rows) }
}
