import type { Dataset } from '../dataset.js'

/**
 * A train/test split as row indices into the dataset it was computed on, never copies of the data.
 *
 * Contract (every strategy): `train`, `test` and `excluded` are sorted ascending (so taking them
 * keeps the data's order), pairwise disjoint, and together hold every row exactly once. `train` and
 * `test` are never empty: a split that would leave a side empty throws instead. The arrays are
 * owned by the caller; nothing else keeps a reference to them.
 */
export interface HoldoutSplit {
  readonly kind: 'holdout'
  readonly train: Int32Array
  readonly test: Int32Array
  /** Rows in neither part, only ever non-empty under an explicit row policy (time split `missing: 'drop'`). */
  readonly excluded: Int32Array
  readonly report: SplitReport
}

/** Facts about how a split came out, for run records and CLI output. */
export interface SplitReport {
  readonly rows: number
  readonly train: number
  readonly test: number
  /** Rows left out by a row policy (see `HoldoutSplit.excluded`). */
  readonly excluded: number
  /** Time split: the cutoff actually used (epoch ms for datetime columns), train `< cutoff <=` test. */
  readonly cutoff?: number
  /** Stratified split: the number of strata, and how many had a single row (which sits on one side only). */
  readonly strata?: number
  readonly singletonStrata?: number
  /** Group split: the number of groups on each side. */
  readonly trainGroups?: number
  readonly testGroups?: number
}

/** One fold of a k-fold split: sorted, disjoint, never empty; together they hold every row. */
export interface Fold {
  readonly train: Int32Array
  readonly validation: Int32Array
}

/**
 * A k-fold split. Each row is in exactly one validation fold (`foldOf[row]` names it, 0..k-1) and in
 * the training part of every other fold.
 */
export interface KFoldSplit {
  readonly kind: 'kfold'
  readonly k: number
  readonly foldOf: Int32Array
  readonly folds: readonly Fold[]
}

/** What a split strategy is: a pure function of the data and its spec (same inputs, same indices). */
export type SplitStrategy<Spec, Result> = (dataset: Dataset, spec: Spec) => Result
