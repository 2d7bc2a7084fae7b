import { Random } from '../../shared/index.js'
import type { LinearObjective } from '../linear/linear-model.js'
import type { TrainingMatrix } from '../training-data.js'

/** Options of {@link makeLinearSignal}. */
export interface LinearSignalOptions {
  readonly objective: LinearObjective
  readonly rows: number
  /** Row-major [K, F] true coefficients (K = 1 unless softmax). */
  readonly coefficients: readonly number[]
  /** One per output. */
  readonly intercepts: readonly number[]
  /** Standard deviation of the Gaussian noise added to regression labels [0]. */
  readonly noise?: number
  readonly seed?: number
}

/**
 * Seeded data drawn from a known linear model, for the linear trainer's tests: standard-normal
 * features (float32), then a regression label (score + noise), a Bernoulli(sigmoid(score)) label, or
 * a class drawn from softmax(scores). Feature names are `x0`, `x1`, ...
 */
export function makeLinearSignal(options: LinearSignalOptions): TrainingMatrix {
  const outputs = options.intercepts.length
  const width = options.coefficients.length / outputs
  const random = new Random(options.seed ?? 7)
  const gauss = gaussian(random.fork('features'))
  const noise = gaussian(random.fork('noise'))
  const draws = random.fork('labels')
  const values = new Float32Array(options.rows * width)
  const labels = new Float64Array(options.rows)
  const scores = new Float64Array(outputs)
  for (let row = 0; row < options.rows; row++) {
    for (let f = 0; f < width; f++) values[row * width + f] = gauss()
    for (let k = 0; k < outputs; k++) {
      let z = options.intercepts[k]!
      for (let f = 0; f < width; f++) z += options.coefficients[k * width + f]! * values[row * width + f]!
      scores[k] = z
    }
    labels[row] = drawLabel(options, scores, draws, noise)
  }
  return {
    features: { names: Array.from({ length: width }, (_, f) => `x${f}`), rowCount: options.rows, values },
    labels,
  }
}

function drawLabel(
  options: LinearSignalOptions,
  scores: Float64Array,
  draws: Random,
  noise: () => number,
): number {
  switch (options.objective) {
    case 'regression':
      return scores[0]! + (options.noise ?? 0) * noise()
    case 'logistic':
      return draws.nextFloat() < 1 / (1 + Math.exp(-scores[0]!)) ? 1 : 0
    case 'softmax': {
      let sum = 0
      for (const z of scores) sum += Math.exp(z)
      let u = draws.nextFloat() * sum
      for (let k = 0; k < scores.length; k++) {
        u -= Math.exp(scores[k]!)
        if (u < 0) return k
      }
      return scores.length - 1
    }
  }
}

// Box-Muller: standard normal draws from uniform ones.
function gaussian(random: Random): () => number {
  return () => {
    const u = 1 - random.nextFloat()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat())
  }
}
