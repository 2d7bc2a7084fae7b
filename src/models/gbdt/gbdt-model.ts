/**
 * The gradient-boosted tree model as data: plain JSON (`JSON.parse(JSON.stringify(m))` predicts the
 * same), saved with every model version and compiled to `ai.onnx.ml` TreeEnsemble operators. No I/O.
 */

/** The loss a booster minimises. */
export type GbdtObjective = 'binary' | 'multiclass' | 'regression_l2' | 'regression_l1' | 'huber'

/** A leaf: its output, learning rate already applied, rounded to float32 (what ONNX stores). */
export interface GbdtLeaf {
  readonly kind: 'leaf'
  readonly value: number
  /**
   * Training rows (weight-free count, bagged rows only) that reached the leaf: its cover, which
   * TreeSHAP needs. Every trained model has it; models saved before it was recorded do not.
   */
  readonly count?: number
}

/**
 * A numeric split: rows with `feature <= threshold` go `left`, others `right`, missing (NaN) rows go
 * left when `missingLeft`. `threshold` is a float32 value, so the comparison is the same on float32
 * features in TypeScript and in onnxruntime.
 */
export interface GbdtNumericSplit {
  readonly kind: 'numeric'
  readonly feature: number
  readonly threshold: number
  readonly missingLeft: boolean
  readonly left: number
  readonly right: number
  /** Loss reduction of the split, for gain importance. */
  readonly gain: number
  /** Training rows (weight-free count) that reached the node. */
  readonly count: number
}

/**
 * A categorical split on an ordinal-coded feature (codes 0..k-1): rows whose code is in `left` go
 * left; other codes (unseen -1 included) go right; missing (NaN) goes left when `missingLeft`.
 * `categories` is sorted ascending.
 */
export interface GbdtCategoricalSplit {
  readonly kind: 'categorical'
  readonly feature: number
  readonly categories: readonly number[]
  readonly missingLeft: boolean
  readonly left: number
  readonly right: number
  readonly gain: number
  readonly count: number
}

export type GbdtNode = GbdtLeaf | GbdtNumericSplit | GbdtCategoricalSplit

/** One tree: `nodes[0]` is the root; children are indices into `nodes`. */
export interface GbdtTree {
  readonly nodes: readonly GbdtNode[]
}

/**
 * A trained booster. Raw score of output k for a row = `baseScores[k]` + the sum of the leaf values of
 * the trees with `treeOutputs[t] === k`. Binary: one output, probability = sigmoid(raw). Multiclass:
 * `outputs` = K, probabilities = softmax(raw). Regression: one output, the prediction is the raw score.
 */
export interface GbdtModel {
  readonly format: 'shipyard.gbdt'
  readonly version: 1
  readonly objective: GbdtObjective
  readonly outputs: number
  readonly baseScores: readonly number[]
  readonly trees: readonly GbdtTree[]
  /** The output (class) each tree adds to, parallel to `trees`. */
  readonly treeOutputs: readonly number[]
  readonly featureNames: readonly string[]
  /** Feature indices split as categories. */
  readonly categoricalFeatures: readonly number[]
  /** Trees per output kept (after early stopping: the best iteration's count). */
  readonly bestIteration: number
  /** Per feature, in `featureNames` order. */
  readonly importance: { readonly gain: readonly number[]; readonly split: readonly number[] }
  /** The parameters it was trained with, resolved (defaults filled in). */
  readonly params: GbdtParams
}

/** Booster parameters, named as LightGBM names them. Every field has a default (`GBDT_DEFAULTS`). */
export interface GbdtParams {
  readonly objective: GbdtObjective
  /** Classes for `multiclass` (≥ 3); 1 otherwise. */
  readonly numClasses: number
  readonly numTrees: number
  readonly learningRate: number
  readonly numLeaves: number
  /** -1: unbounded. */
  readonly maxDepth: number
  readonly minDataInLeaf: number
  readonly minSumHessianInLeaf: number
  readonly lambdaL1: number
  readonly lambdaL2: number
  readonly minGainToSplit: number
  /** Row subsampling per tree, (0, 1]. */
  readonly baggingFraction: number
  /** Column subsampling per tree, (0, 1]. */
  readonly featureFraction: number
  /** Bins per feature, 2..255 (one more bin holds missing values). */
  readonly maxBins: number
  /** Huber loss transition point. */
  readonly huberDelta: number
  /** Categorical features with at most this many categories split one-vs-rest; more: sorted partition. */
  readonly maxCatToOnehot: number
  /** Stop when the validation loss has not improved for this many rounds (0: never). */
  readonly earlyStoppingRounds: number
  /** Threads that train, the main one included (1: no worker threads); 0 = one per core. */
  readonly threads: number
  readonly seed: number
}
