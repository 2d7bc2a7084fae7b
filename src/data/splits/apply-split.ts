import type { Dataset } from '../dataset.js'
import type { Fold, HoldoutSplit } from './split.js'

/**
 * The two datasets of a holdout split, rows in their original order (`dataset.take`). `split` must
 * have been computed on `dataset` (or on data with the same rows): indices are not re-checked here.
 * Excluded rows are in neither.
 */
export function applySplit(dataset: Dataset, split: HoldoutSplit): { train: Dataset; test: Dataset } {
  return { train: dataset.take(split.train), test: dataset.take(split.test) }
}

/** The two datasets of one fold of a k-fold split, rows in their original order. */
export function applyFold(dataset: Dataset, fold: Fold): { train: Dataset; validation: Dataset } {
  return { train: dataset.take(fold.train), validation: dataset.take(fold.validation) }
}
