import type { GbdtNode, GbdtTree } from '../models/index.js'
import { ShipyardError } from '../shared/index.js'

/**
 * The cover (training rows that reached it) of every node of tree `t`, indexed like `tree.nodes`:
 * a split's `count`, a leaf's `count`. Leaves of models saved before leaf counts were recorded have
 * none; such a leaf's cover is its parent's count minus its sibling's cover when the sibling's is known
 * (a split, or a leaf with a count). A root leaf's cover is never used (a one-leaf tree adds its value
 * whatever the row), so it is 1 when absent.
 *
 * Throws `INVALID_PARAMETER_VALUE` when a cover cannot be derived (two sibling leaves without counts:
 * the model predates leaf covers and must be retrained; nothing is guessed) or is not positive.
 */
export function nodeCovers(tree: GbdtTree, t: number): Float64Array {
  const nodes = tree.nodes
  const covers = new Float64Array(nodes.length).fill(Number.NaN)
  covers[0] = nodes[0]!.count ?? 1
  nodes.forEach((node) => {
    if (node.kind === 'leaf') return
    const left = ownCover(nodes[node.left]!)
    const right = ownCover(nodes[node.right]!)
    if (Number.isNaN(left) && Number.isNaN(right)) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `tree ${t} has leaves without training counts (nodes ${node.left} and ${node.right}): the model ` +
          'predates leaf covers, which explanations need; retrain it to explain it',
        { details: { field: 'model', tree: t } },
      )
    }
    covers[node.left] = Number.isNaN(left) ? node.count - right : left
    covers[node.right] = Number.isNaN(right) ? node.count - left : right
  })
  covers.forEach((cover, i) => {
    if (!(cover > 0)) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `tree ${t} node ${i} has cover ${cover}; covers (training rows per node) must be positive`,
        { details: { field: 'model', tree: t, node: i } },
      )
    }
  })
  return covers
}

function ownCover(node: GbdtNode): number {
  return node.count ?? Number.NaN
}
