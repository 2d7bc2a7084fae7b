import type { Dataset } from '../dataset.js'
import { assignFolds } from './fold-assignment.js'
import { checkRows, requireColumn } from './partition.js'
import type { Fold, KFoldSplit } from './split.js'
import type { KFoldSpec } from './split-spec.js'

const WHAT = 'k-fold split'

/**
 * k (train, validation) pairs: plain, stratified (`stratifyBy`) or grouped (`groupBy`); see
 * `assignFolds` for how rows are dealt. Every row is in exactly one validation fold; each fold's
 * train part is every other row. All index arrays are sorted ascending and never empty.
 *
 * Errors (`INVALID_PARAMETER_VALUE`): k not an integer in [2, rows]; unknown column (naming it and
 * listing the columns); a column of the wrong type; both stratifyBy and groupBy; fewer groups than k.
 */
export function kFoldSplit(dataset: Dataset, spec: KFoldSpec): KFoldSplit {
  checkRows(dataset, WHAT)
  const stratify =
    spec.stratifyBy === undefined
      ? undefined
      : requireColumn(dataset, 'stratifyBy', spec.stratifyBy, ['categorical', 'boolean', 'numeric'], WHAT)
  const group =
    spec.groupBy === undefined
      ? undefined
      : requireColumn(dataset, 'groupBy', spec.groupBy, ['categorical', 'numeric', 'text'], WHAT)
  const foldOf = assignFolds({ rowCount: dataset.rowCount, k: spec.k, seed: spec.seed, stratify, group })
  return { kind: 'kfold', k: spec.k, foldOf, folds: foldsFromAssignment(foldOf, spec.k) }
}

/** The (train, validation) index pairs of a fold assignment, each sorted ascending. */
export function foldsFromAssignment(foldOf: Int32Array, k: number): Fold[] {
  const n = foldOf.length
  const sizes = new Int32Array(k)
  for (let i = 0; i < n; i++) sizes[foldOf[i]!]!++
  const validation = Array.from(sizes, (size) => new Int32Array(size))
  const train = Array.from(sizes, (size) => new Int32Array(n - size))
  const vFill = new Int32Array(k)
  const tFill = new Int32Array(k)
  for (let i = 0; i < n; i++) {
    const own = foldOf[i]!
    validation[own]![vFill[own]!++] = i
    for (let f = 0; f < k; f++) if (f !== own) train[f]![tFill[f]!++] = i
  }
  return validation.map((v, f) => ({ train: train[f]!, validation: v }))
}
