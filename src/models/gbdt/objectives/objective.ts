/**
 * A loss a booster minimises, as the booster needs it. One file per loss; `OBJECTIVES` maps each
 * `GbdtObjective` to its factory. Scores are row-major `[rows × outputs]` (as `predictGbdtRaw` returns
 * them); gradients are written interleaved with hessians, one block of `2 × rows` per output
 * (`gh[k * 2 * rows + 2 * row]` and `+ 1`), already multiplied by the row's weight. Implementations are
 * stateless apart from their parameters, so workers can run `gradients` and `lossSum` on row ranges.
 */
export interface Objective {
  /** The metric name reported per iteration (`logloss`, `multi_logloss`, `rmse`, `mae`, `huber`). */
  readonly metric: string
  /** Raw scores per row: the class count for multiclass, 1 otherwise. */
  readonly outputs: number
  /** Why `label` cannot be learned, or null when it can. */
  labelError(label: number): string | null
  /** The starting raw score of each output, before any tree. */
  initScores(labels: Float64Array, weights: Float64Array | undefined): number[]
  /** Writes gradients and hessians of rows `[begin, end)` for every output. */
  gradients(
    scores: Float64Array,
    labels: Float64Array,
    weights: Float64Array | undefined,
    gh: Float32Array,
    begin: number,
    end: number,
  ): void
  /** The weighted sum of per-row losses over rows `[begin, end)`. */
  lossSum(
    scores: Float64Array,
    labels: Float64Array,
    weights: Float64Array | undefined,
    begin: number,
    end: number,
  ): number
  /** The metric from a total weighted loss and the total weight (the root of the mean for rmse). */
  metricValue(lossSum: number, weightSum: number): number
  /**
   * Optional leaf refit: the output of a leaf holding rows `order[begin..end)` for output `k`, given
   * the scores before this tree. Without it a leaf takes the regularised Newton step.
   */
  renewLeaf?(
    order: Int32Array,
    begin: number,
    end: number,
    scores: Float64Array,
    labels: Float64Array,
    weights: Float64Array | undefined,
  ): number
}

/** The weighted mean of `labels` (weights default to 1). */
export function weightedMean(labels: Float64Array, weights: Float64Array | undefined): number {
  let sum = 0
  let total = 0
  for (let r = 0; r < labels.length; r++) {
    const w = weights === undefined ? 1 : weights[r]!
    sum += w * labels[r]!
    total += w
  }
  return sum / total
}
