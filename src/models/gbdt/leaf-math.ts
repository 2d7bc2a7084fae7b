/**
 * LightGBM's leaf formulas with L1 and L2 regularisation: the optimal output of a leaf with gradient
 * sum G and hessian sum H is `-T(G) / (H + l2)` and its score `T(G)^2 / (H + l2)`, where T soft-
 * thresholds G by l1. A split's gain is the children's scores minus the parent's (LightGBM omits the
 * 1/2 factor; so do we, so gains compare with `min_gain_to_split` as in LightGBM).
 */

/** LightGBM's `kEpsilon`, added to hessian sums so an all-zero-hessian leaf does not divide by zero. */
const EPSILON = 1e-15

/** Regularisation of leaf outputs. */
export interface LeafRegularisation {
  readonly lambdaL1: number
  readonly lambdaL2: number
}

/** G soft-thresholded by l1: the part of the gradient sum that survives L1. */
function thresholdL1(g: number, l1: number): number {
  if (g > l1) return g - l1
  if (g < -l1) return g + l1
  return 0
}

/** The loss reduction score of a leaf (higher is better). */
export function leafScore(g: number, h: number, reg: LeafRegularisation): number {
  const t = thresholdL1(g, reg.lambdaL1)
  return (t * t) / (h + reg.lambdaL2 + EPSILON)
}

/** The Newton-step output of a leaf, before the learning rate. */
export function leafOutput(g: number, h: number, reg: LeafRegularisation): number {
  return -thresholdL1(g, reg.lambdaL1) / (h + reg.lambdaL2 + EPSILON)
}
