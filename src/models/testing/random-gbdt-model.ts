import type { FeatureMatrix } from '../../features/index.js'
import { Random } from '../../shared/index.js'
import type { GbdtModel, GbdtNode, GbdtObjective } from '../gbdt/gbdt-model.js'
import { GBDT_DEFAULTS } from '../gbdt/train-gbdt.js'

/** Options of `randomGbdtModel`. */
export interface RandomGbdtOptions {
  readonly objective: GbdtObjective
  /** Outputs: K ≥ 3 for `multiclass`, otherwise 1 (the default). */
  readonly outputs?: number
  /** Trees per output. */
  readonly rounds: number
  /** Deepest split level (a root-only tree has depth 0). */
  readonly maxDepth: number
  /** Thresholds are drawn from these values, so rows meet them exactly; categories from their codes. */
  readonly data: FeatureMatrix
  /** Feature indices holding ordinal codes (-1 unseen, NaN missing) to split as categories. */
  readonly categorical: readonly number[]
  readonly seed: number
}

/**
 * A seeded random booster for tests of code that consumes models (ONNX export, serialisation): trees of
 * random shape (a few bare leaves, depths up to `maxDepth`), numeric splits at float32 values taken from
 * `data`, categorical splits on random non-empty code subsets, `missingLeft` both ways, float32 leaf
 * values, non-zero base scores, multiclass trees cycling through the outputs. Not a trained model.
 */
export function randomGbdtModel(options: RandomGbdtOptions): GbdtModel {
  const rng = new Random(options.seed)
  const outputs = options.objective === 'multiclass' ? (options.outputs ?? 3) : 1
  const width = options.data.names.length
  const trees = Array.from({ length: options.rounds * outputs }, () => ({ nodes: randomTree(rng, options) }))
  return {
    format: 'shipyard.gbdt',
    version: 1,
    objective: options.objective,
    outputs,
    baseScores: Array.from({ length: outputs }, () => Math.fround((rng.nextFloat() - 0.5) * 2)),
    trees,
    treeOutputs: trees.map((_, t) => t % outputs),
    featureNames: options.data.names,
    categoricalFeatures: options.categorical,
    bestIteration: options.rounds,
    importance: { gain: new Array(width).fill(0), split: new Array(width).fill(0) },
    params: {
      ...GBDT_DEFAULTS,
      objective: options.objective,
      numClasses: outputs === 1 ? 1 : outputs,
      numTrees: options.rounds,
      maxDepth: options.maxDepth,
      seed: options.seed,
    },
  }
}

/** A node under construction: its children are known only after they are grown. */
type DraftNode = Record<string, unknown>

function randomTree(rng: Random, options: RandomGbdtOptions): GbdtNode[] {
  const nodes: DraftNode[] = []
  // Children are pushed after their parent, so node 0 is the root and indices are filled in afterwards.
  const grow = (depth: number): number => {
    const index = nodes.length
    const stop = depth >= options.maxDepth || rng.nextFloat() < 0.1 + depth * 0.1
    if (stop) {
      nodes.push({ kind: 'leaf', value: Math.fround((rng.nextFloat() - 0.5) * 0.6) })
      return index
    }
    const feature = rng.nextInt(options.data.names.length)
    const missingLeft = rng.nextFloat() < 0.5
    const split: DraftNode = options.categorical.includes(feature)
      ? { kind: 'categorical', categories: randomCategories(rng, options.data, feature) }
      : { kind: 'numeric', threshold: randomThreshold(rng, options.data, feature) }
    Object.assign(split, { feature, missingLeft, gain: rng.nextFloat(), count: 1 + rng.nextInt(1000) })
    nodes.push(split)
    split.left = grow(depth + 1)
    split.right = grow(depth + 1)
    return index
  }
  grow(0)
  return nodes as unknown as GbdtNode[]
}

/** A value the feature takes in the data (float32 already), or 0 when it is always missing. */
function randomThreshold(rng: Random, data: FeatureMatrix, feature: number): number {
  const width = data.names.length
  for (let attempt = 0; attempt < 20; attempt++) {
    const x = data.values[rng.nextInt(data.rowCount) * width + feature]!
    if (Number.isFinite(x)) return x
  }
  return 0
}

/** A sorted, non-empty random subset of the codes 0..max seen in the data. */
function randomCategories(rng: Random, data: FeatureMatrix, feature: number): number[] {
  const width = data.names.length
  let max = 0
  for (let row = 0; row < data.rowCount; row++) {
    const x = data.values[row * width + feature]!
    if (x > max) max = x
  }
  const codes: number[] = []
  for (let code = 0; code <= max; code++) if (rng.nextFloat() < 0.4) codes.push(code)
  return codes.length > 0 ? codes : [rng.nextInt(max + 1)]
}
