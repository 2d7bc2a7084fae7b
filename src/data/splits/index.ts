// Reproducible dataset splits: row indices, never copies, the same on every machine for a given seed.
export { applyFold, applySplit } from './apply-split.js'
export { assignFolds, type FoldAssignmentOptions } from './fold-assignment.js'
export { groupSplit } from './group-split.js'
export { foldsFromAssignment, kFoldSplit } from './kfold-split.js'
export { randomSplit } from './random-split.js'
export type { Fold, HoldoutSplit, KFoldSplit, SplitReport, SplitStrategy } from './split.js'
export { splitDataset } from './split-dataset.js'
export {
  type GroupSplitSpec,
  type HoldoutSpec,
  type KFoldSpec,
  parseCutoff,
  parseSplitSpec,
  type RandomSplitSpec,
  type SplitKind,
  type SplitSpec,
  type StratifiedSplitSpec,
  type TimeSplitSpec,
} from './split-spec.js'
export { stratifiedSplit } from './stratified-split.js'
export { timeSplit } from './time-split.js'
