import type { GbdtParams } from '../gbdt/gbdt-model.js'
import type { ParamTable } from './param-table.js'

/**
 * The GBDT parameters users set, named as LightGBM names them. `objective` picks the regression loss
 * (binary and multiclass follow from the task); the class count comes from the data.
 */
export const GBDT_PARAMS: ParamTable<GbdtParams> = {
  objective: {
    field: 'objective',
    kind: 'choice',
    choices: ['binary', 'multiclass', 'regression_l2', 'regression_l1', 'huber'],
    doc: 'loss; regression tasks choose regression_l2 (default), regression_l1 or huber',
  },
  num_trees: { field: 'numTrees', kind: 'int', min: 1, max: 100_000, doc: 'boosting rounds' },
  learning_rate: { field: 'learningRate', kind: 'number', above: 0, max: 1, doc: 'shrinkage per tree' },
  num_leaves: { field: 'numLeaves', kind: 'int', min: 2, max: 131_072, doc: 'most leaves per tree' },
  max_depth: { field: 'maxDepth', kind: 'int', min: -1, max: 64, doc: 'deepest leaf; -1 unbounded' },
  min_data_in_leaf: { field: 'minDataInLeaf', kind: 'int', min: 1, doc: 'fewest training rows per leaf' },
  min_sum_hessian_in_leaf: {
    field: 'minSumHessianInLeaf',
    kind: 'number',
    min: 0,
    doc: 'smallest hessian sum per leaf',
  },
  lambda_l1: { field: 'lambdaL1', kind: 'number', min: 0, doc: 'L1 regularisation of leaf values' },
  lambda_l2: { field: 'lambdaL2', kind: 'number', min: 0, doc: 'L2 regularisation of leaf values' },
  min_gain_to_split: {
    field: 'minGainToSplit',
    kind: 'number',
    min: 0,
    doc: 'smallest loss reduction to split',
  },
  bagging_fraction: {
    field: 'baggingFraction',
    kind: 'number',
    above: 0,
    max: 1,
    doc: 'rows sampled per tree',
  },
  feature_fraction: {
    field: 'featureFraction',
    kind: 'number',
    above: 0,
    max: 1,
    doc: 'features sampled per tree',
  },
  max_bins: { field: 'maxBins', kind: 'int', min: 2, max: 255, doc: 'histogram bins per feature' },
  huber_delta: { field: 'huberDelta', kind: 'number', above: 0, doc: 'where the huber loss turns linear' },
  max_cat_to_onehot: {
    field: 'maxCatToOnehot',
    kind: 'int',
    min: 1,
    doc: 'categorical features with at most this many categories split one-vs-rest',
  },
  early_stopping_rounds: {
    field: 'earlyStoppingRounds',
    kind: 'int',
    min: 0,
    doc: 'stop after this many rounds without validation improvement; 0 never',
  },
  threads: {
    field: 'threads',
    kind: 'int',
    min: 0,
    max: 64,
    doc: 'threads that train, the main one included; 0 one per core',
  },
  seed: { field: 'seed', kind: 'int', min: 0, max: 2 ** 31 - 1, doc: 'seeds row and column sampling' },
}
