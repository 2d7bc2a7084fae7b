import type { FittedPipeline } from '../features/index.js'
import { featureSources } from './feature-lineage.js'

/**
 * Sums contributions of the transformed features into the raw input columns they derive from
 * (`featureSources`). A feature derived from several raw columns (an expression over two columns) is
 * split equally among them: TreeSHAP and the linear attribution see only the feature, so nothing says
 * how much of it each column is responsible for, and an equal share is the choice that favours none.
 * Every feature's contribution lands somewhere with its whole weight, so the column contributions sum
 * to the same total as the feature contributions (base + Σ = raw score holds for both views).
 *
 * `columns` are the pipeline's input columns in order (the model's signature inputs; a column whose
 * features the model ignores gets 0), then any feature derived from no raw column (a constant
 * expression), which stands for itself.
 */
export class RawAttribution {
  readonly columns: readonly string[]
  readonly #features: number
  // Feature f goes to columns[#targets[#starts[f] .. #starts[f + 1])], each with weight #weights[f].
  readonly #starts: Int32Array
  readonly #targets: Int32Array
  readonly #weights: Float64Array

  constructor(pipeline: FittedPipeline) {
    const sources = featureSources(pipeline)
    const columns = pipeline.inputs.map((input) => input.name)
    const index = new Map(columns.map((name, c) => [name, c]))
    const targets: number[] = []
    this.#features = sources.length
    this.#starts = new Int32Array(sources.length + 1)
    this.#weights = new Float64Array(sources.length)
    sources.forEach((from, f) => {
      if (from.length === 0) {
        targets.push(columns.length)
        columns.push(pipeline.featureNames[f]!)
      } else for (const name of from) targets.push(index.get(name)!)
      this.#weights[f] = 1 / Math.max(1, from.length)
      this.#starts[f + 1] = targets.length
    })
    this.columns = columns
    this.#targets = Int32Array.from(targets)
  }

  /**
   * Aggregates `groups` consecutive blocks of feature contributions (`phi[g * F + f]`) into blocks of
   * column contributions (`out[g * columns.length + c]`, added to what `out` holds).
   */
  aggregate(phi: Float64Array, groups: number, out: Float64Array): void {
    const width = this.#features
    const columns = this.columns.length
    for (let g = 0; g < groups; g++) {
      for (let f = 0; f < width; f++) {
        const share = phi[g * width + f]! * this.#weights[f]!
        for (let i = this.#starts[f]!; i < this.#starts[f + 1]!; i++)
          out[g * columns + this.#targets[i]!]! += share
      }
    }
  }
}
