import type { FeatureMatrix } from '../features/index.js'
import { type ModelBody, type ModelKind, predictGbdtRaw, predictLinearRaw } from '../models/index.js'
import { ShipyardError } from '../shared/index.js'
import { linearContributions } from './linear-contributions.js'
import { TreeShap } from './tree-shap.js'

/** What explaining needs of a model family, built once per model. */
export interface ModelExplainer {
  /** φ0 of each output, the same for every row. */
  readonly baseValues: Float64Array
  /** The raw scores as the model predicts them, row-major [rows, outputs]. */
  rawScores(features: FeatureMatrix): Float64Array
  /** Writes φ into `out`, row-major [rows, outputs, features]; `out` starts at zero. */
  contributions(features: FeatureMatrix, out: Float64Array): void
}

/** The explainer of every model kind; a new kind does not compile until it is here. */
const EXPLAINERS: {
  readonly [K in ModelKind]: (model: Extract<ModelBody, { kind: K }>['model']) => ModelExplainer
} = {
  gbdt(model) {
    const shap = new TreeShap(model)
    const block = model.outputs * shap.width
    return {
      baseValues: shap.expectedValues,
      rawScores: (features) => predictGbdtRaw(model, features),
      contributions(features, out) {
        for (let row = 0; row < features.rowCount; row++)
          shap.explainRow(features.values, row * shap.width, out, row * block)
      },
    }
  },
  linear(model) {
    return {
      baseValues: Float64Array.from(model.intercepts),
      rawScores: (features) => predictLinearRaw(model, features),
      contributions: (features, out) => linearContributions(model, features, out),
    }
  },
}

/**
 * The explainer of a model body; `INVALID_PARAMETER_VALUE` for a kind with none (a document from a
 * newer release, say), or a tree model whose covers cannot be derived.
 */
export function modelExplainer(body: ModelBody): ModelExplainer {
  if (!Object.hasOwn(EXPLAINERS, body.kind)) {
    const kinds = Object.keys(EXPLAINERS).join(', ')
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `models of kind '${body.kind}' cannot be explained; explanations cover ${kinds}`,
      { details: { field: 'model', kind: body.kind } },
    )
  }
  // Each entry is typed for its own kind; the body's `kind` selected it.
  const explain = EXPLAINERS[body.kind] as (model: ModelBody['model']) => ModelExplainer
  return explain(body.model)
}
