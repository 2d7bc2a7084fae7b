import { attr, type OnnxGraphBuilder } from '../onnx/index.js'
import { invalidValue } from '../shared/index.js'
import type { ClassLabels } from './training-data.js'

/**
 * Adds Shipyard's model outputs on top of a raw-score tensor, the same for every model family.
 * Regressors (`labels` null): `prediction`, the raw [N, 1] score. Classifiers with `classes` classes:
 * `probabilities` ([N, K] float: Sigmoid as [1 − p, p] on one raw column for two classes, Softmax on
 * K columns otherwise) and `label`, the ArgMax of the probabilities (first class on a tie, as in
 * `TrainedModel.predict`) looked up in the label list with Gather ([N], int64 or string).
 * `INVALID_PARAMETER_VALUE` when a classifier gets no labels or not one per class.
 */
export function appendModelOutputs(
  graph: OnnxGraphBuilder,
  raw: string,
  classes: number,
  labels: ClassLabels | null,
): void {
  if (classes === 0) {
    graph.addOutput('prediction', raw, 'float', ['N', 1])
    return
  }
  if (labels === null || labels.values.length !== classes) {
    const got = labels === null ? 'null' : `${labels.values.length}`
    throw invalidValue('labels', `the classifier needs ${classes} class labels, got ${got}`)
  }
  const probabilities = appendProbabilities(graph, raw, classes)
  const [index] = graph.addNode(
    'ArgMax',
    [probabilities],
    { axis: attr.int(1), keepdims: attr.int(0) },
    { name: 'model_class' },
  )
  const table = graph.addConstant(
    'model_class_labels',
    labels.kind === 'int64'
      ? { type: 'int64', dims: [classes], values: labels.values }
      : { type: 'string', dims: [classes], values: labels.values },
  )
  const [label] = graph.addNode('Gather', [table, index!], { axis: attr.int(0) }, { name: 'model_label' })
  graph.addOutput('label', label!, labels.kind, ['N'])
  graph.addOutput('probabilities', probabilities, 'float', ['N', classes])
}

function appendProbabilities(graph: OnnxGraphBuilder, raw: string, classes: number): string {
  const name = 'model_probabilities'
  if (classes > 2) return graph.addNode('Softmax', [raw], { axis: attr.int(1) }, { name })[0]!
  const [p] = graph.addNode('Sigmoid', [raw], {}, { name: 'model_p' })
  const one = graph.addConstant('model_one', { type: 'float', dims: [], values: [1] })
  const [q] = graph.addNode('Sub', [one, p!], {}, { name: 'model_q' })
  return graph.addNode('Concat', [q!, p!], { axis: attr.int(1) }, { name })[0]!
}
