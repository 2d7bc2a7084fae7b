import { attr, type OnnxGraphBuilder } from '../../onnx/index.js'
import { invalidValue } from '../../shared/index.js'
import { appendModelOutputs } from '../onnx-head.js'
import type { ClassLabels } from '../training-data.js'
import type { LinearModel } from './linear-model.js'

/**
 * Appends `model` to `graph`, reading the float [N, F] tensor `features` (columns in
 * `model.featureNames` order), and adds the Shipyard outputs: for `logistic` and `softmax`, `label`
 * ([N], int64 or string per `labels`) and `probabilities` ([N, K] float, class-index order; logistic
 * [N, 2] = [1 − p, p]); for `regression`, `prediction` ([N, 1] float).
 *
 * The raw scores are one standard `Gemm` (features · coefficientsᵀ + intercepts, in float32: the model
 * stores float32 values); the link is Sigmoid or Softmax, and the label the ArgMax of the probabilities
 * (first class on a tie) looked up in the label list with Gather, the same head as the GBDT graph.
 * `ai.onnx.ml` LinearClassifier is not used: onnxruntime 1.30 does give [1 − p, p] for one coefficient
 * row with LOGISTIC (checked), but that two-class expansion is a runtime special case the ONNX spec
 * does not define, while these standard operators mean the same thing in every runtime.
 *
 * `labels` must be given, one per class, for classifiers and be null for regression;
 * `INVALID_PARAMETER_VALUE` names the field otherwise, or when the model's arrays do not fit its shape.
 */
export function appendLinearToGraph(
  model: LinearModel,
  graph: OnnxGraphBuilder,
  features: string,
  labels: ClassLabels | null,
): void {
  checkModel(model)
  if (model.objective === 'regression' && labels !== null) {
    throw invalidValue('labels', 'must be null for the regression objective')
  }
  const raw = appendScores(model, graph, features)
  const classes = model.objective === 'regression' ? 0 : model.objective === 'logistic' ? 2 : model.outputs
  appendModelOutputs(graph, raw, classes, labels)
}

// Raw scores [N, K] = features [N, F] · coefficients[K, F]ᵀ + intercepts [K].
function appendScores(model: LinearModel, graph: OnnxGraphBuilder, features: string): string {
  const width = model.featureNames.length
  const coefficients = graph.addConstant('linear_coefficients', {
    type: 'float',
    dims: [model.outputs, width],
    values: model.coefficients,
  })
  const intercepts = graph.addConstant('linear_intercepts', {
    type: 'float',
    dims: [model.outputs],
    values: model.intercepts,
  })
  const [raw] = graph.addNode(
    'Gemm',
    [features, coefficients, intercepts],
    { transB: attr.int(1) },
    { name: 'linear_raw' },
  )
  return raw!
}

function checkModel(model: LinearModel): void {
  const width = model.featureNames.length
  if (model.coefficients.length !== model.outputs * width) {
    throw invalidValue(
      'coefficients',
      `needs outputs × features = ${model.outputs} × ${width} values, got ${model.coefficients.length}`,
    )
  }
  if (model.intercepts.length !== model.outputs) {
    throw invalidValue(
      'intercepts',
      `needs one value per output (${model.outputs}), got ${model.intercepts.length}`,
    )
  }
  const single = model.objective !== 'softmax'
  if (single ? model.outputs !== 1 : model.outputs < 3) {
    throw invalidValue(
      'outputs',
      `must be ${single ? 1 : '≥ 3'} for ${model.objective}, got ${model.outputs}`,
    )
  }
}
