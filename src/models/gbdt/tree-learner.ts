import type { HistogramBuilder, RowPartitioner } from './histogram-builder.js'
import { type LeafTotals, type SplitCandidate, SplitFinder, type SplitRules } from './split-finder.js'
import type { TrainingWorkspace } from './training-workspace.js'

/** What bounds a tree's shape besides the split rules. */
export interface TreeShape extends SplitRules {
  readonly numLeaves: number
  /** -1: unbounded; otherwise no leaf is deeper than this (the root is at depth 0). */
  readonly maxDepth: number
}

/** A split node of a grown tree, in the workspace's bin space. */
export interface GrownSplit {
  readonly split: SplitCandidate
  readonly left: number
  readonly right: number
  readonly count: number
}

/** A leaf of a grown tree: its rows are `order[begin..begin+count)`. */
export interface GrownLeaf {
  readonly node: number
  readonly begin: number
  readonly count: number
  readonly totals: LeafTotals
}

/** A tree before leaf values: `nodes[i]` is a split or the index of a leaf in `leaves`. */
export interface GrownTree {
  readonly nodes: readonly (GrownSplit | number)[]
  readonly leaves: readonly GrownLeaf[]
}

interface Leaf {
  node: number
  begin: number
  count: number
  totals: LeafTotals
  depth: number
  /** Histogram slot, or -1 once the leaf can no longer split. */
  slot: number
  best: SplitCandidate | null
}

/**
 * Grows one tree leaf-wise (best first, as LightGBM): repeatedly splits the leaf whose best split gains
 * most, until `numLeaves` leaves or no split gains enough. After each split only the smaller child's
 * histogram is built; the larger one's is the parent's minus it, computed in the parent's slot.
 * Rows are partitioned in place, stably, so each leaf's rows stay in ascending order (monotone reads).
 */
export class TreeLearner {
  readonly #ws: TrainingWorkspace
  readonly #shape: TreeShape
  readonly #builder: HistogramBuilder
  readonly #partitioner: RowPartitioner
  readonly #finder: SplitFinder
  readonly #freeSlots: number[] = []

  constructor(
    workspace: TrainingWorkspace,
    shape: TreeShape,
    builder: HistogramBuilder,
    partitioner: RowPartitioner,
  ) {
    this.#ws = workspace
    this.#shape = shape
    this.#builder = builder
    this.#partitioner = partitioner
    this.#finder = new SplitFinder(shape, workspace.featureBins, workspace.offsets)
  }

  /**
   * Grows a tree on rows `order[0..bagCount)` with the gradients at `ghOffset`, splitting only on the
   * workspace's `features[0..featureCount)`.
   */
  grow(bagCount: number, ghOffset: number, featureCount: number): GrownTree {
    this.#freeSlots.length = 0
    for (let s = this.#shape.numLeaves - 1; s >= 0; s--) this.#freeSlots.push(s * this.#ws.histLength)
    const nodes: (GrownSplit | number)[] = [0]
    const root: Leaf = {
      node: 0,
      begin: 0,
      count: bagCount,
      totals: this.#sumRows(bagCount, ghOffset),
      depth: 0,
      slot: -1,
      best: null,
    }
    const leaves = [root]
    if (this.#splittable(root)) {
      root.slot = this.#freeSlots.pop()!
      this.#builder.build(0, bagCount, ghOffset, root.slot, featureCount)
      root.best = this.#find(root, featureCount)
    }
    while (leaves.length < this.#shape.numLeaves) {
      const parent = bestLeaf(leaves)
      if (parent === null) break
      const right = this.#split(parent, nodes, leaves.length)
      if (right === null) continue
      leaves.push(right)
      const more = leaves.length < this.#shape.numLeaves
      this.#prepareChildren(parent, right, more, ghOffset, featureCount)
    }
    for (const leaf of leaves) if (leaf.slot >= 0) this.#freeSlots.push(leaf.slot)
    return {
      nodes,
      leaves: leaves.map(({ node, begin, count, totals }) => ({ node, begin, count, totals })),
    }
  }

  #find(leaf: Leaf, featureCount: number): SplitCandidate | null {
    return this.#finder.find(this.#ws.hist, leaf.slot, leaf.totals, this.#ws.features, featureCount)
  }

  #splittable(leaf: Leaf): boolean {
    const { maxDepth, minDataInLeaf } = this.#shape
    return (maxDepth < 0 || leaf.depth < maxDepth) && leaf.count >= 2 * minDataInLeaf
  }

  // Partitions the parent's rows; the parent becomes the left child, the returned leaf the right one.
  // The split's counts were estimated: when the real ones break minDataInLeaf the partition is undone,
  // the leaf stays a leaf and null is returned.
  #split(parent: Leaf, nodes: (GrownSplit | number)[], rightIndex: number): Leaf | null {
    const split = parent.best!
    const leftCount = this.#partitioner.partition(parent.begin, parent.count, split.feature, split.goesLeft)
    const minData = this.#shape.minDataInLeaf
    if (leftCount < minData || parent.count - leftCount < minData) {
      this.#merge(parent.begin, leftCount, parent.count)
      parent.best = null
      this.#freeSlots.push(parent.slot)
      parent.slot = -1
      return null
    }
    const leftNode = nodes.length
    nodes.push(leftIndexOf(nodes, parent), rightIndex)
    nodes[parent.node] = { split, left: leftNode, right: leftNode + 1, count: parent.count }
    const t = parent.totals
    const right: Leaf = {
      node: leftNode + 1,
      begin: parent.begin + leftCount,
      count: parent.count - leftCount,
      totals: { g: t.g - split.left.g, h: t.h - split.left.h, count: parent.count - leftCount },
      depth: parent.depth + 1,
      slot: -1,
      best: null,
    }
    parent.node = leftNode
    parent.count = leftCount
    parent.totals = { g: split.left.g, h: split.left.h, count: leftCount }
    parent.depth++
    parent.best = null
    return right
  }

  // Histograms and best splits of two fresh children; `left` holds the parent's histogram slot.
  #prepareChildren(left: Leaf, right: Leaf, more: boolean, ghOffset: number, featureCount: number): void {
    const parentSlot = left.slot
    left.slot = -1
    const canSplit = more && (this.#splittable(left) || this.#splittable(right))
    if (!canSplit) {
      this.#freeSlots.push(parentSlot)
      return
    }
    const [small, large] = left.count <= right.count ? [left, right] : [right, left]
    small.slot = this.#freeSlots.pop()!
    this.#builder.build(small.begin, small.begin + small.count, ghOffset, small.slot, featureCount)
    if (this.#splittable(large)) {
      this.#builder.subtract(parentSlot, small.slot, featureCount)
      large.slot = parentSlot
    } else this.#freeSlots.push(parentSlot)
    for (const child of [left, right]) {
      if (child.slot < 0) continue
      if (this.#splittable(child)) {
        child.best = this.#find(child, featureCount)
      }
      if (child.best === null) {
        this.#freeSlots.push(child.slot)
        child.slot = -1
      }
    }
  }

  // Undoes a partition of order[begin..begin+count) whose first `left` rows went left: both runs are
  // ascending, so merging them restores the leaf's order.
  #merge(begin: number, left: number, count: number): void {
    const { order, scratch } = this.#ws
    scratch.set(order.subarray(begin, begin + left))
    let i = 0
    let j = begin + left
    let out = begin
    const end = begin + count
    while (i < left && j < end) order[out++] = scratch[i]! < order[j]! ? scratch[i++]! : order[j++]!
    while (i < left) order[out++] = scratch[i++]!
  }

  #sumRows(count: number, ghOffset: number): LeafTotals {
    const { order, gh } = this.#ws
    let g = 0
    let h = 0
    for (let i = 0; i < count; i++) {
      const k = ghOffset + 2 * order[i]!
      g += gh[k]!
      h += gh[k + 1]!
    }
    return { g, h, count }
  }
}

// The leaf-list index the left child inherits: the parent's own (nodes holds it at the parent's node).
function leftIndexOf(nodes: readonly (GrownSplit | number)[], parent: Leaf): number {
  return nodes[parent.node] as number
}

function bestLeaf(leaves: readonly Leaf[]): Leaf | null {
  let best: Leaf | null = null
  for (const leaf of leaves) {
    if (leaf.best !== null && (best === null || leaf.best.gain > best.best!.gain)) best = leaf
  }
  return best
}
