/**
 * Builds leaf histograms in a workspace's `hist` slots over the workspace's `features[0..featureCount)`.
 * `ThreadTeam.histogramBuilder` implements it, sharing work by feature so the result is the same
 * whatever the thread count.
 */
export interface HistogramBuilder {
  /** Fills the histogram at `base` with rows `order[begin..end)` and the gradients at `ghOffset`. */
  build(begin: number, end: number, ghOffset: number, base: number, featureCount: number): void
  /** `hist[into..] -= hist[minus..]`. */
  subtract(into: number, minus: number, featureCount: number): void
}

/** Partitions a leaf's rows in the workspace's `order`, stably (see `partition-rows.ts`). */
export interface RowPartitioner {
  /** Sends rows `order[begin..begin+count)` with `goesLeft[bin of feature]` left; returns the left count. */
  partition(begin: number, count: number, feature: number, goesLeft: Uint8Array): number
}
