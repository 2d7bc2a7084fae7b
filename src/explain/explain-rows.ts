import type { Dataset } from '../data/index.js'
import { transform } from '../features/index.js'
import type { TrainedModel } from '../models/index.js'
import { type ModelExplainer, modelExplainer } from './model-explainers.js'
import { RawAttribution } from './raw-attribution.js'

/**
 * Exact explanations of rows in raw-score space (log-odds for binary, one logit per class for
 * multiclass, the value for regression). For row r and output k:
 * `baseValues[k] + Σ_f featureContributions[(r * O + k) * F + f] = rawScores[r * O + k]`, and the same
 * with `columnContributions` over the raw columns (C of them), up to rounding.
 */
export interface Explanation {
  readonly rowCount: number
  /**
   * What each raw-score output scores, in order: binary `[positive class]`, multiclass the classes,
   * regression `[target]`. O = its length.
   */
  readonly outputs: readonly (number | string)[]
  /** The transformed features the model reads (F). */
  readonly features: readonly string[]
  /** The raw input columns the contributions are aggregated to (C); see `RawAttribution`. */
  readonly columns: readonly string[]
  /**
   * φ0 per output, the same for every row: trees, the expected raw score over the training covers;
   * linear models, the intercept.
   */
  readonly baseValues: Float64Array
  /** Row-major [rows, O]: the model's raw scores, as `TrainedModel.predictRaw` gives them. */
  readonly rawScores: Float64Array
  /** Row-major [rows, O, F]. */
  readonly featureContributions: Float64Array
  /** Row-major [rows, O, C]. */
  readonly columnContributions: Float64Array
}

interface PreparedModel {
  readonly explainer: ModelExplainer
  readonly attribution: RawAttribution
}

// Built once per model (compiled trees, feature lineage), so a request pays only for its rows.
const prepared = new WeakMap<TrainedModel, PreparedModel>()

/**
 * Explains every row of `rows` (the raw columns `TrainedModel.predict` takes; the signature's inputs
 * must be there, others are ignored): path-dependent TreeSHAP for gradient-boosted trees, coefficient
 * times value for linear models, on the transformed features, then summed into the raw columns.
 *
 * The model's explainer is built on first use and kept while the model lives. Throws
 * `INVALID_PARAMETER_VALUE` for a model that cannot be explained (an unknown kind, a tree model saved
 * before leaf covers were recorded whose covers cannot be derived) and for rows the pipeline refuses.
 */
export function explainRows(model: TrainedModel, rows: Dataset): Explanation {
  const { explainer, attribution } = prepare(model)
  const features = transform(model.pipeline, rows)
  const outputs = outputLabels(model)
  const groups = rows.rowCount * outputs.length
  const featureContributions = new Float64Array(groups * features.names.length)
  explainer.contributions(features, featureContributions)
  const columnContributions = new Float64Array(groups * attribution.columns.length)
  attribution.aggregate(featureContributions, groups, columnContributions)
  return {
    rowCount: rows.rowCount,
    outputs,
    features: features.names,
    columns: attribution.columns,
    baseValues: explainer.baseValues.slice(),
    rawScores: explainer.rawScores(features),
    featureContributions,
    columnContributions,
  }
}

function prepare(model: TrainedModel): PreparedModel {
  let entry = prepared.get(model)
  if (entry === undefined) {
    entry = { explainer: modelExplainer(model.body), attribution: new RawAttribution(model.pipeline) }
    prepared.set(model, entry)
  }
  return entry
}

function outputLabels(model: TrainedModel): readonly (number | string)[] {
  const classes = model.classes
  if (classes === null) return [model.target]
  return model.task === 'binary' ? [classes.values[1]!] : classes.values
}
