import type { FeatureMatrix } from '../features/index.js'

/** What a model predicts: one of two classes, one of K classes, or a number. */
export type Task = 'binary' | 'multiclass' | 'regression'

/**
 * The labelled matrix a trainer learns from: the feature pipeline's output plus one label per row.
 * Labels are class indices (0..K-1, as doubles) for classification and values for regression; never NaN
 * (the caller refuses missing targets before training). `weights`, when given, are per-row sample
 * weights (> 0; class weights arrive expanded into them).
 */
export interface TrainingMatrix {
  readonly features: FeatureMatrix
  readonly labels: Float64Array
  readonly weights?: Float64Array
}

/**
 * The class labels a classifier outputs, in class-index order: int64 when every class of the target
 * is an integer (0/1, 1..5), strings otherwise (`'no'`/`'yes'`, booleans as `'false'`/`'true'`).
 */
export type ClassLabels =
  | { readonly kind: 'int64'; readonly values: readonly number[] }
  | { readonly kind: 'string'; readonly values: readonly string[] }

/**
 * One boosting round or optimiser iteration as a trainer reports it: losses on the training and
 * validation data under the metric's name (`logloss`, `multi_logloss`, `rmse`, `mae`, `huber`).
 * Trainers call `onIteration` synchronously; the caller logs these as step metrics.
 */
export interface IterationReport {
  /** 0-based. */
  readonly iteration: number
  readonly train: Readonly<Record<string, number>>
  readonly valid?: Readonly<Record<string, number>>
}

/** Options every trainer takes besides its parameters. */
export interface TrainerOptions {
  /** Validation data for per-iteration metrics and early stopping. */
  readonly valid?: TrainingMatrix
  readonly onIteration?: (report: IterationReport) => void
}
