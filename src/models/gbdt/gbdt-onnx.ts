import { attr, type OnnxGraphBuilder } from '../../onnx/index.js'
import { invalidValue } from '../../shared/index.js'
import { appendModelOutputs } from '../onnx-head.js'
import type { ClassLabels } from '../training-data.js'
import type { GbdtModel, GbdtNode, GbdtTree } from './gbdt-model.js'

/**
 * Appends `model` to `graph`, reading the float [N, F] tensor `features` (columns in
 * `model.featureNames` order), and adds the Shipyard outputs: for `binary` and `multiclass`,
 * `label` ([N], int64 or string per `labels`) and `probabilities` ([N, K] float, class-index order;
 * binary [N, 2] = [1 - p, p]); for the regression objectives, `prediction` ([N, 1] float).
 *
 * The trees become one `ai.onnx.ml` TreeEnsembleRegressor with one target per model output and no post
 * transform (the raw scores, base scores included); the link is applied with standard operators
 * (Sigmoid, Softmax), and the label is the ArgMax of the probabilities (first class on a tie) looked up
 * in the label list. TreeEnsembleClassifier is avoided on purpose: onnxruntime special-cases two-class
 * ensembles whose weights all go to one class (whether LOGISTIC is applied depends on the signs of
 * the weights, and that logic changed between releases: microsoft/onnxruntime#27533, #28557).
 *
 * A categorical split becomes a chain of BRANCH_EQ nodes, one per left category: each true branch leads
 * to the left subtree, each false branch to the next node of the chain, the last one's to the right
 * subtree; NaN follows `missingLeft` through the first node's missing tracking (NaN equals nothing, so it
 * otherwise falls through the chain to the right). Numeric splits are BRANCH_LEQ with the same tracking.
 *
 * `labels` must be given, one per class, for classifiers and be null for regressors;
 * `INVALID_PARAMETER_VALUE` names the field otherwise, or when the model is inconsistent.
 */
export function appendGbdtToGraph(
  model: GbdtModel,
  graph: OnnxGraphBuilder,
  features: string,
  labels: ClassLabels | null,
): void {
  checkModel(model)
  const classifier = model.objective === 'binary' || model.objective === 'multiclass'
  if (!classifier && labels !== null) {
    throw invalidValue('labels', `must be null for the ${model.objective} objective`)
  }
  const raw = appendEnsemble(model, graph, features)
  appendModelOutputs(graph, raw, classifier ? Math.max(2, model.outputs) : 0, labels)
}

/** The TreeEnsembleRegressor attributes, built tree by tree. */
interface EnsembleAttributes {
  readonly treeIds: number[]
  readonly nodeIds: number[]
  readonly featureIds: number[]
  readonly modes: string[]
  readonly values: number[]
  readonly trueIds: number[]
  readonly falseIds: number[]
  readonly missingTrue: number[]
  readonly targetTreeIds: number[]
  readonly targetNodeIds: number[]
  readonly targetIds: number[]
  readonly targetWeights: number[]
}

/** Emits the ensemble and returns the raw-score tensor [N, model.outputs], base scores included. */
function appendEnsemble(model: GbdtModel, graph: OnnxGraphBuilder, features: string): string {
  const a: EnsembleAttributes = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    modes: [],
    values: [],
    trueIds: [],
    falseIds: [],
    missingTrue: [],
    targetTreeIds: [],
    targetNodeIds: [],
    targetIds: [],
    targetWeights: [],
  }
  model.trees.forEach((tree, t) => {
    appendTree(a, tree, t, model.treeOutputs[t]!)
  })
  // The operator needs at least one tree: a model without any predicts its base scores.
  if (model.trees.length === 0) appendTree(a, { nodes: [{ kind: 'leaf', value: 0 }] }, 0, 0)
  const [sums] = graph.addNode(
    'TreeEnsembleRegressor',
    [features],
    {
      n_targets: attr.int(model.outputs),
      aggregate_function: attr.string('SUM'),
      post_transform: attr.string('NONE'),
      nodes_treeids: attr.ints(a.treeIds),
      nodes_nodeids: attr.ints(a.nodeIds),
      nodes_featureids: attr.ints(a.featureIds),
      nodes_modes: attr.strings(a.modes),
      nodes_values: attr.floats(a.values),
      nodes_truenodeids: attr.ints(a.trueIds),
      nodes_falsenodeids: attr.ints(a.falseIds),
      nodes_missing_value_tracks_true: attr.ints(a.missingTrue),
      target_treeids: attr.ints(a.targetTreeIds),
      target_nodeids: attr.ints(a.targetNodeIds),
      target_ids: attr.ints(a.targetIds),
      target_weights: attr.floats(a.targetWeights),
    },
    { domain: 'ai.onnx.ml', name: 'gbdt_sums' },
  )
  // Base scores are added here rather than as `base_values`: onnxruntime (1.30) adds a base value only
  // to the targets some leaf reaches, so an output without trees would lose its base score.
  const base = graph.addConstant('gbdt_base_scores', {
    type: 'float',
    dims: [model.outputs],
    values: model.baseScores,
  })
  const [raw] = graph.addNode('Add', [sums!, base], {}, { name: 'gbdt_raw' })
  return raw!
}

/**
 * Appends one tree. ONNX node ids run 0, 1, 2, … in `tree.nodes` order, a categorical split taking one
 * id per category, so the root is node 0 as the operator requires.
 */
function appendTree(a: EnsembleAttributes, tree: GbdtTree, treeId: number, target: number): void {
  const firstId = onnxIds(tree.nodes)
  const branch = (
    id: number,
    feature: number,
    mode: string,
    value: number,
    to: [number, number],
    nan: boolean,
  ) => {
    a.treeIds.push(treeId)
    a.nodeIds.push(id)
    a.featureIds.push(feature)
    a.modes.push(mode)
    a.values.push(value)
    a.trueIds.push(to[0])
    a.falseIds.push(to[1])
    a.missingTrue.push(nan ? 1 : 0)
  }
  tree.nodes.forEach((node, i) => {
    const id = firstId[i]!
    switch (node.kind) {
      case 'leaf':
        branch(id, 0, 'LEAF', 0, [0, 0], false)
        a.targetTreeIds.push(treeId)
        a.targetNodeIds.push(id)
        a.targetIds.push(target)
        a.targetWeights.push(node.value)
        break
      case 'numeric':
        branch(
          id,
          node.feature,
          'BRANCH_LEQ',
          node.threshold,
          [firstId[node.left]!, firstId[node.right]!],
          node.missingLeft,
        )
        break
      case 'categorical': {
        // The true branches all lead to the left subtree's root: onnxruntime accepts a node with several
        // parents (LightGBM converters encode category sets the same way), so no subtree is duplicated.
        const last = node.categories.length - 1
        node.categories.forEach((code, j) => {
          const next = j === last ? firstId[node.right]! : id + j + 1
          branch(
            id + j,
            node.feature,
            'BRANCH_EQ',
            code,
            [firstId[node.left]!, next],
            j === 0 && node.missingLeft,
          )
        })
        break
      }
    }
  })
}

/** The ONNX id of each node's first ONNX node. */
function onnxIds(nodes: readonly GbdtNode[]): Int32Array {
  const ids = new Int32Array(nodes.length)
  let next = 0
  nodes.forEach((node, i) => {
    ids[i] = next
    next += node.kind === 'categorical' ? node.categories.length : 1
  })
  return ids
}

/** Refuses a model the graph would compute differently from `predictGbdtRaw`, naming the field. */
function checkModel(model: GbdtModel): void {
  const width = model.featureNames.length
  if (model.baseScores.length !== model.outputs)
    throw invalidValue(
      'baseScores',
      `needs one score per output (${model.outputs}), got ${model.baseScores.length}`,
    )
  if (model.treeOutputs.length !== model.trees.length)
    throw invalidValue('treeOutputs', `needs one output per tree (${model.trees.length})`)
  model.treeOutputs.forEach((k, t) => {
    if (!Number.isInteger(k) || k < 0 || k >= model.outputs)
      throw invalidValue(`treeOutputs[${t}]`, `must be an output index in 0..${model.outputs - 1}, got ${k}`)
  })
  model.trees.forEach((tree, t) => {
    tree.nodes.forEach((node, i) => {
      checkSplit(node, `trees[${t}].nodes[${i}]`, width)
    })
  })
}

function checkSplit(node: GbdtNode, field: string, width: number): void {
  if (node.kind === 'leaf') return
  if (node.feature < 0 || node.feature >= width)
    throw invalidValue(`${field}.feature`, `must be a feature index in 0..${width - 1}, got ${node.feature}`)
  if (node.kind === 'categorical' && node.categories.length === 0)
    throw invalidValue(`${field}.categories`, 'must hold at least one category')
}
