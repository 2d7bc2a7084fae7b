/**
 * Explanations of Shipyard's own models: exact per-row attributions of the raw score (path-dependent
 * TreeSHAP for gradient-boosted trees, coefficient times value for linear models) to the transformed
 * features, and summed back to the raw input columns they derive from.
 */
export { type Explanation, explainRows } from './explain-rows.js'
export { featureSources } from './feature-lineage.js'
