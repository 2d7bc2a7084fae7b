// The GBDT parameters the benchmarks share with their Python peers (bench/peers/train_peers.py).
import type { GbdtParams } from '../../src/models/gbdt/gbdt-model.js'

/** Shipyard's parameters in the peers' vocabulary (see bench/peers/train_peers.py). */
export interface PeerParams {
  readonly objective: GbdtParams['objective']
  readonly num_class: number
  readonly trees: number
  readonly leaves: number
  readonly learning_rate: number
  readonly max_bins: number
  readonly threads: number
  readonly min_child_weight: number
  readonly lambda_l2: number
  readonly lambda_l1: number
  readonly min_gain: number
  readonly min_data_in_leaf: number
}

/**
 * Resolved Shipyard parameters as the peers take them: the same rounds, leaves, learning rate, bins
 * and threads, and Shipyard's defaults for the rest passed on (XGBoost `min_child_weight` =
 * minSumHessianInLeaf, `lambda` = lambdaL2, `alpha` = lambdaL1, `gamma` = minGainToSplit;
 * scikit-learn `min_samples_leaf` = minDataInLeaf).
 */
export function peerParams(params: GbdtParams): PeerParams {
  return {
    objective: params.objective,
    num_class: params.numClasses,
    trees: params.numTrees,
    leaves: params.numLeaves,
    learning_rate: params.learningRate,
    max_bins: params.maxBins,
    threads: params.threads,
    min_child_weight: params.minSumHessianInLeaf,
    lambda_l2: params.lambdaL2,
    lambda_l1: params.lambdaL1,
    min_gain: params.minGainToSplit,
    min_data_in_leaf: params.minDataInLeaf,
  }
}
