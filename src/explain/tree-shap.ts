import type { GbdtModel, GbdtTree } from '../models/index.js'
import { nodeCovers } from './tree-covers.js'

/** One tree as typed arrays, for the walk: a leaf has `feature` -1. */
interface CompiledTree {
  readonly output: number
  readonly feature: Int32Array
  readonly threshold: Float64Array
  /** A categorical split's left codes; null for numeric splits and leaves. */
  readonly categories: readonly (ReadonlySet<number> | null)[]
  readonly missingLeft: Uint8Array
  readonly left: Int32Array
  readonly right: Int32Array
  readonly cover: Float64Array
  readonly value: Float64Array
}

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent Individualized Feature
 * Attribution for Tree Ensembles", Algorithm 2) for a `GbdtModel`, in raw-score space.
 *
 * For a row and an output k: `expectedValues[k]` (φ0: the base score plus each tree's expected value,
 * the leaves weighted by the training covers along their paths) plus the contributions φ_f of the
 * features equals the row's raw score as `predictGbdtRaw` computes it, up to rounding. A row goes down a
 * split exactly as in prediction (numeric `x <= threshold` on the float32 value; categorical: a code in
 * the left set; NaN by `missingLeft`; an unseen code -1 right). The trees are the ones prediction sums:
 * a model keeps the trees of its best iteration (`bestIteration`) only.
 *
 * Compiled once per model (covers derived, trees as typed arrays); the path arrays of the algorithm are
 * allocated once, for the deepest tree, so explaining a row allocates nothing. An instance is not
 * reentrant (it is synchronous, so nothing can interleave in one thread).
 *
 * Throws `INVALID_PARAMETER_VALUE` for a model whose covers cannot be derived (see `nodeCovers`).
 */
export class TreeShap {
  readonly outputs: number
  /** Features per row. */
  readonly width: number
  /** φ0 of each output: the expected raw score over the training covers. */
  readonly expectedValues: Float64Array
  readonly #trees: readonly CompiledTree[]
  // The unique path of Algorithm 2: element i of a segment is (feature, zero fraction, one fraction,
  // permutation weight). Each recursion level uses its own segment, after its parent's.
  readonly #pathFeature: Int32Array
  readonly #pathZero: Float64Array
  readonly #pathOne: Float64Array
  readonly #pathWeight: Float64Array
  /** 1 / n for n = 0 .. deepest + 1 (entry 0 unused). */
  readonly #reciprocals: Float64Array
  // The row being explained, set by explainRow for the recursion.
  #tree: CompiledTree | null = null
  #values: Float32Array = new Float32Array(0)
  #offset = 0
  #phi: Float64Array = new Float64Array(0)
  #phiOffset = 0

  constructor(model: GbdtModel) {
    this.outputs = model.outputs
    this.width = model.featureNames.length
    this.#trees = model.trees.map((tree, t) => compileTree(tree, t, model.treeOutputs[t]!))
    this.expectedValues = Float64Array.from(model.baseScores)
    let deepest = 0
    for (const tree of this.#trees) {
      this.expectedValues[tree.output]! += expectedValue(tree, 0)
      deepest = Math.max(deepest, depthOf(tree, 0))
    }
    const size = ((deepest + 1) * (deepest + 2)) / 2
    this.#pathFeature = new Int32Array(size)
    this.#pathZero = new Float64Array(size)
    this.#pathOne = new Float64Array(size)
    this.#pathWeight = new Float64Array(size)
    this.#reciprocals = Float64Array.from({ length: deepest + 2 }, (_, n) => 1 / n)
  }

  /**
   * Adds the contributions of one row, whose features are `values[offset .. offset + width)`, to `phi`:
   * φ of output k and feature f goes to `phi[phiOffset + k * width + f]`. `phi` should start at zero.
   */
  explainRow(values: Float32Array, offset: number, phi: Float64Array, phiOffset: number): void {
    this.#values = values
    this.#offset = offset
    this.#phi = phi
    for (const tree of this.#trees) {
      this.#tree = tree
      this.#phiOffset = phiOffset + tree.output * this.width
      this.#recurse(0, 0, 0, 1, 1, -1)
    }
    this.#tree = null
  }

  // Algorithm 2's RECURSE: `depth` elements of the parent's path start at `parentStart`; this node's
  // segment follows them and gets the parent's path extended by (zero, one, feature).
  #recurse(
    node: number,
    depth: number,
    parentStart: number,
    zero: number,
    one: number,
    feature: number,
  ): void {
    const tree = this.#tree!
    const start = parentStart + depth
    // Paths are short: a loop beats four copyWithin calls per node.
    const features = this.#pathFeature
    const zeros = this.#pathZero
    const ones = this.#pathOne
    const weights = this.#pathWeight
    for (let i = 0; i < depth; i++) {
      features[start + i] = features[parentStart + i]!
      zeros[start + i] = zeros[parentStart + i]!
      ones[start + i] = ones[parentStart + i]!
      weights[start + i] = weights[parentStart + i]!
    }
    this.#extend(start, depth, zero, one, feature)
    const split = tree.feature[node]!
    if (split < 0) {
      const value = tree.value[node]!
      for (let i = 1; i <= depth; i++) {
        const weight = this.#unwoundSum(start, depth, i)
        const at = start + i
        this.#phi[this.#phiOffset + features[at]!]! += weight * (ones[at]! - zeros[at]!) * value
      }
      return
    }
    const hot = goesLeft(tree, node, this.#values[this.#offset + split]!)
      ? tree.left[node]!
      : tree.right[node]!
    const cold = hot === tree.left[node]! ? tree.right[node]! : tree.left[node]!
    let incomingZero = 1
    let incomingOne = 1
    let d = depth
    // A feature met again: undo its earlier element, so that the path holds each feature once.
    for (let k = 1; k <= d; k++) {
      if (features[start + k] !== split) continue
      incomingZero = zeros[start + k]!
      incomingOne = ones[start + k]!
      this.#unwind(start, d, k)
      d--
      break
    }
    const cover = tree.cover[node]!
    this.#recurse(hot, d + 1, start, (tree.cover[hot]! / cover) * incomingZero, incomingOne, split)
    this.#recurse(cold, d + 1, start, (tree.cover[cold]! / cover) * incomingZero, 0, split)
  }

  // EXTEND: appends element `depth` and updates the permutation weights.
  #extend(start: number, depth: number, zero: number, one: number, feature: number): void {
    const w = this.#pathWeight
    const reciprocal = this.#reciprocals
    this.#pathFeature[start + depth] = feature
    this.#pathZero[start + depth] = zero
    this.#pathOne[start + depth] = one
    w[start + depth] = depth === 0 ? 1 : 0
    const scale = reciprocal[depth + 1]!
    for (let i = depth - 1; i >= 0; i--) {
      w[start + i + 1]! += one * w[start + i]! * (i + 1) * scale
      w[start + i] = zero * w[start + i]! * (depth - i) * scale
    }
  }

  // UNWIND: removes element `index` from a path of depth + 1 elements.
  #unwind(start: number, depth: number, index: number): void {
    const w = this.#pathWeight
    const reciprocal = this.#reciprocals
    const one = this.#pathOne[start + index]!
    const zero = this.#pathZero[start + index]!
    if (one !== 0) {
      const up = (depth + 1) / one
      const down = zero * reciprocal[depth + 1]!
      let next = w[start + depth]!
      for (let i = depth - 1; i >= 0; i--) {
        const held = w[start + i]!
        w[start + i] = next * up * reciprocal[i + 1]!
        next = held - w[start + i]! * down * (depth - i)
      }
    } else {
      const up = (depth + 1) / zero
      for (let i = depth - 1; i >= 0; i--) w[start + i] = w[start + i]! * up * reciprocal[depth - i]!
    }
    for (let i = index; i < depth; i++) {
      this.#pathFeature[start + i] = this.#pathFeature[start + i + 1]!
      this.#pathZero[start + i] = this.#pathZero[start + i + 1]!
      this.#pathOne[start + i] = this.#pathOne[start + i + 1]!
    }
  }

  // The total permutation weight the path would have without element `index` (UNWIND without writing).
  // The hot loop of the algorithm: divisions are hoisted into reciprocals.
  #unwoundSum(start: number, depth: number, index: number): number {
    const w = this.#pathWeight
    const reciprocal = this.#reciprocals
    const one = this.#pathOne[start + index]!
    const zero = this.#pathZero[start + index]!
    let total = 0
    if (one !== 0) {
      const up = (depth + 1) / one
      const down = zero * reciprocal[depth + 1]!
      let next = w[start + depth]!
      for (let i = depth - 1; i >= 0; i--) {
        const part = next * up * reciprocal[i + 1]!
        total += part
        next = w[start + i]! - part * down * (depth - i)
      }
    } else {
      const up = (depth + 1) / zero
      for (let i = depth - 1; i >= 0; i--) total += w[start + i]! * up * reciprocal[depth - i]!
    }
    return total
  }
}

// The same decision as `leafValue` in prediction.
function goesLeft(tree: CompiledTree, node: number, x: number): boolean {
  if (Number.isNaN(x)) return tree.missingLeft[node] === 1
  const categories = tree.categories[node]
  return categories ? categories.has(x) : x <= tree.threshold[node]!
}

function compileTree(tree: GbdtTree, t: number, output: number): CompiledTree {
  const n = tree.nodes.length
  const compiled = {
    output,
    feature: new Int32Array(n).fill(-1),
    threshold: new Float64Array(n),
    categories: new Array<ReadonlySet<number> | null>(n).fill(null),
    missingLeft: new Uint8Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    cover: nodeCovers(tree, t),
    value: new Float64Array(n),
  }
  tree.nodes.forEach((node, i) => {
    if (node.kind === 'leaf') {
      compiled.value[i] = node.value
      return
    }
    compiled.feature[i] = node.feature
    compiled.missingLeft[i] = node.missingLeft ? 1 : 0
    compiled.left[i] = node.left
    compiled.right[i] = node.right
    if (node.kind === 'numeric') compiled.threshold[i] = node.threshold
    else compiled.categories[i] = new Set(node.categories)
  })
  return compiled
}

// The tree's expected value with the same cover fractions the recursion uses, so that φ0 + Σ φ is the
// raw score exactly (up to rounding) even where a split's count is not the sum of its children's covers.
function expectedValue(tree: CompiledTree, node: number): number {
  if (tree.feature[node]! < 0) return tree.value[node]!
  const left = tree.left[node]!
  const right = tree.right[node]!
  const cover = tree.cover[node]!
  return (
    (tree.cover[left]! / cover) * expectedValue(tree, left) +
    (tree.cover[right]! / cover) * expectedValue(tree, right)
  )
}

function depthOf(tree: CompiledTree, node: number): number {
  if (tree.feature[node]! < 0) return 0
  return 1 + Math.max(depthOf(tree, tree.left[node]!), depthOf(tree, tree.right[node]!))
}
