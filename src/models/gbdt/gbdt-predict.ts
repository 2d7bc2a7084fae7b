import type { FeatureMatrix } from '../../features/index.js'
import type { GbdtModel, GbdtNode } from './gbdt-model.js'

/**
 * Raw scores of every row: row-major [rows, model.outputs] (`scores[row * outputs + k]`), base scores
 * plus the leaves reached, summed in double. `features` must have the model's features in order.
 */
export function predictGbdtRaw(model: GbdtModel, features: FeatureMatrix): Float64Array {
  const outputs = model.outputs
  const width = features.names.length
  const rows = features.rowCount
  const values = features.values
  const scores = new Float64Array(rows * outputs)
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < outputs; k++) scores[row * outputs + k] = model.baseScores[k]!
  }
  model.trees.forEach((tree, t) => {
    const k = model.treeOutputs[t]!
    const nodes = tree.nodes
    for (let row = 0; row < rows; row++) {
      scores[row * outputs + k]! += leafValue(nodes, values, row * width)
    }
  })
  return scores
}

/** The value of the leaf a row reaches; the row's features start at `offset` in `values`. */
export function leafValue(nodes: readonly GbdtNode[], values: Float32Array, offset: number): number {
  let node = nodes[0]!
  for (;;) {
    switch (node.kind) {
      case 'leaf':
        return node.value
      case 'numeric': {
        const x = values[offset + node.feature]!
        const left = Number.isNaN(x) ? node.missingLeft : x <= node.threshold
        node = nodes[left ? node.left : node.right]!
        break
      }
      case 'categorical': {
        const x = values[offset + node.feature]!
        const left = Number.isNaN(x) ? node.missingLeft : node.categories.includes(x)
        node = nodes[left ? node.left : node.right]!
        break
      }
    }
  }
}
