import { invalidValue } from '../../shared/index.js'
import type { Dataset } from '../dataset.js'
import { groupSplit } from './group-split.js'
import { kFoldSplit } from './kfold-split.js'
import { randomSplit } from './random-split.js'
import type { HoldoutSplit, KFoldSplit, SplitStrategy } from './split.js'
import type { HoldoutSpec, SplitKind, SplitSpec } from './split-spec.js'
import { stratifiedSplit } from './stratified-split.js'
import { timeSplit } from './time-split.js'

type ResultOf<S extends SplitSpec> = S extends HoldoutSpec ? HoldoutSplit : KFoldSplit

// One handler per kind: a new kind does not compile until it is handled here.
const STRATEGIES: {
  [K in SplitKind]: SplitStrategy<Extract<SplitSpec, { kind: K }>, ResultOf<Extract<SplitSpec, { kind: K }>>>
} = {
  random: randomSplit,
  stratified: stratifiedSplit,
  group: groupSplit,
  time: timeSplit,
  kfold: kFoldSplit,
}

/**
 * Splits `dataset` as `spec` says (usually from `parseSplitSpec`): a `HoldoutSplit` for random,
 * stratified, group and time specs, a `KFoldSplit` for kfold. Pure and reproducible: the same spec
 * on the same data gives identical indices on any machine. Errors are those of each strategy.
 *
 * @example
 * const split = splitDataset(dataset, parseSplitSpec({ kind: 'random', testFraction: 0.2, seed: 7 }))
 */
export function splitDataset<S extends SplitSpec>(dataset: Dataset, spec: S): ResultOf<S> {
  // Guards callers that built a spec by hand instead of through parseSplitSpec.
  if (!Object.hasOwn(STRATEGIES, spec.kind)) {
    throw invalidValue(
      'kind',
      `must be one of ${Object.keys(STRATEGIES).join(', ')}, got ${String(spec.kind)}`,
    )
  }
  const strategy = STRATEGIES[spec.kind] as unknown as (dataset: Dataset, spec: S) => ResultOf<S>
  return strategy(dataset, spec)
}
