import type { GbdtNode, GbdtTree } from './gbdt-model.js'
import type { GrownTree } from './tree-learner.js'

/**
 * The model form of a grown tree, leaf `i` taking `values[i]` (learning rate applied, float32) and
 * its row count as its cover.
 */
export function toGbdtTree(grown: GrownTree, values: Float64Array): GbdtTree {
  const nodes = grown.nodes.map((node): GbdtNode => {
    if (typeof node === 'number')
      return { kind: 'leaf', value: values[node]!, count: grown.leaves[node]!.count }
    const { split, left, right, count } = node
    const common = {
      feature: split.feature,
      missingLeft: split.missingLeft,
      left,
      right,
      gain: split.gain,
      count,
    }
    return split.categories.length > 0
      ? { kind: 'categorical', ...common, categories: split.categories }
      : { kind: 'numeric', ...common, threshold: split.threshold }
  })
  return { nodes }
}

/** Gain and split-count importance per feature, summed over `trees`. */
export function featureImportance(
  trees: readonly GbdtTree[],
  width: number,
): { readonly gain: number[]; readonly split: number[] } {
  const gain = new Array<number>(width).fill(0)
  const split = new Array<number>(width).fill(0)
  for (const tree of trees) {
    for (const node of tree.nodes) {
      if (node.kind === 'leaf') continue
      gain[node.feature]! += node.gain
      split[node.feature]!++
    }
  }
  return { gain, split }
}
