/**
 * Explanations of Shipyard's own models: exact per-row attributions of the raw score (path-dependent
 * TreeSHAP for gradient-boosted trees, coefficient times value for linear models) to the transformed
 * features, and summed back to the raw input columns they derive from; the trained model behind a
 * registered version (read from its training run), and served requests' feeds as the rows to explain.
 */
export { type Explanation, explainRows } from './explain-rows.js'
export {
  type ExplanationJson,
  explanationJson,
  type OutputExplanationJson,
  type ScoreSpace,
} from './explanation-json.js'
export { featureSources } from './feature-lineage.js'
export { feedsDataset } from './feeds-dataset.js'
export { VersionModels, type VersionModelsOptions } from './version-models.js'
