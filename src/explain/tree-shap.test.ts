import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { FeatureMatrix } from '../features/index.js'
import { type GbdtModel, type GbdtNode, type GbdtTree, predictGbdtRaw } from '../models/index.js'
import { assertClose } from '../models/testing/assert-close.js'
import { randomGbdtModel } from '../models/testing/random-gbdt-model.js'
import { Random, ShipyardError } from '../shared/index.js'
import { TreeShap } from './tree-shap.js'

// Five features: 0-2 numeric with missing values, 3 ordinal codes 0..4 (NaN missing, -1 unseen), 4 never
// split on (the trees are drawn over the first four only).
const WIDTH = 5
const CATEGORICAL = 3

function tinyData(rows: number, seed: number): FeatureMatrix {
  const rng = new Random(seed)
  const values = new Float32Array(rows * WIDTH)
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < WIDTH; f++) {
      const missing = rng.nextFloat() < 0.15
      values[r * WIDTH + f] = missing
        ? Number.NaN
        : f === CATEGORICAL
          ? rng.nextInt(6) - 1
          : Math.fround(rng.nextFloat() * 10 - 5)
    }
  }
  return { names: ['a', 'b', 'c', 'code', 'unused'], rowCount: rows, values }
}

// The first four columns, for drawing trees that never split on the fifth.
function firstFour(data: FeatureMatrix): FeatureMatrix {
  const values = new Float32Array(data.rowCount * 4)
  for (let r = 0; r < data.rowCount; r++) values.set(data.values.subarray(r * WIDTH, r * WIDTH + 4), r * 4)
  return { names: data.names.slice(0, 4), rowCount: data.rowCount, values }
}

// Random positive leaf counts, each split's count the sum of its children's: a consistent tree.
function withCovers(tree: GbdtTree, rng: Random): GbdtTree {
  const nodes: GbdtNode[] = [...tree.nodes]
  const fill = (i: number): number => {
    const node = nodes[i]!
    const count = node.kind === 'leaf' ? 1 + rng.nextInt(50) : fill(node.left) + fill(node.right)
    nodes[i] = { ...node, count }
    return count
  }
  fill(0)
  return { nodes }
}

// Thresholds are drawn from `tinyData(40, seed)`, so its rows meet them exactly.
function tinyModel(objective: 'binary' | 'multiclass', seed: number): GbdtModel {
  const data = tinyData(40, seed)
  const model = randomGbdtModel({
    objective,
    rounds: 4,
    maxDepth: 5,
    data: firstFour(data),
    categorical: [CATEGORICAL],
    seed,
  })
  const rng = new Random(seed + 1)
  return {
    ...model,
    featureNames: data.names,
    trees: model.trees.map((tree) => withCovers(tree, rng)),
  }
}

// E[f(x) | x_S] of one tree with path-dependent conditioning (the paper's Algorithm 1): a split on a
// feature in S follows x, any other split averages its children by cover.
function conditional(
  nodes: readonly GbdtNode[],
  x: Float32Array,
  inS: (f: number) => boolean,
  i = 0,
): number {
  const node = nodes[i]!
  if (node.kind === 'leaf') return node.value
  if (inS(node.feature)) {
    const v = x[node.feature]!
    const left = Number.isNaN(v)
      ? node.missingLeft
      : node.kind === 'numeric'
        ? v <= node.threshold
        : node.categories.includes(v)
    return conditional(nodes, x, inS, left ? node.left : node.right)
  }
  const l = nodes[node.left]!
  const r = nodes[node.right]!
  return (
    (l.count! * conditional(nodes, x, inS, node.left) + r.count! * conditional(nodes, x, inS, node.right)) /
    node.count
  )
}

// Shapley values by enumerating every subset: φ_i = Σ_{S ∌ i} |S|! (M - |S| - 1)! / M! (v(S ∪ i) - v(S)).
function bruteForce(model: GbdtModel, x: Float32Array): { base: number[]; phi: number[] } {
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1))
  const value = (mask: number, k: number) =>
    model.trees.reduce(
      (sum, tree, t) =>
        model.treeOutputs[t] === k ? sum + conditional(tree.nodes, x, (f) => (mask & (1 << f)) !== 0) : sum,
      model.baseScores[k]!,
    )
  const base: number[] = []
  const phi: number[] = []
  for (let k = 0; k < model.outputs; k++) {
    base.push(value(0, k))
    for (let i = 0; i < WIDTH; i++) {
      let total = 0
      for (let mask = 0; mask < 1 << WIDTH; mask++) {
        if (mask & (1 << i)) continue
        let size = 0
        for (let f = 0; f < WIDTH; f++) if (mask & (1 << f)) size++
        const weight = (factorial(size) * factorial(WIDTH - size - 1)) / factorial(WIDTH)
        total += weight * (value(mask | (1 << i), k) - value(mask, k))
      }
      phi.push(total)
    }
  }
  return { base, phi }
}

function explain(shap: TreeShap, data: FeatureMatrix, row: number): Float64Array {
  const phi = new Float64Array(shap.outputs * WIDTH)
  shap.explainRow(data.values, row * WIDTH, phi, 0)
  return phi
}

describe('TreeShap', () => {
  for (const objective of ['binary', 'multiclass'] as const) {
    test(`equals brute-force Shapley values with path-dependent expectations (${objective})`, () => {
      for (const seed of [1, 2, 3]) {
        const model = tinyModel(objective, seed)
        const shap = new TreeShap(model)
        const rows = tinyData(40, seed)
        let unseen = 0
        for (let row = 0; row < rows.rowCount; row++) {
          const x = rows.values.subarray(row * WIDTH, (row + 1) * WIDTH)
          if (x[CATEGORICAL] === -1) unseen++
          const expected = bruteForce(model, x)
          assertClose(shap.expectedValues, expected.base, 1e-9, `seed ${seed} base`)
          assertClose(explain(shap, rows, row), expected.phi, 1e-9, `seed ${seed} row ${row}`)
        }
        assert.ok(unseen > 0, 'some rows carry an unseen code')
      }
    })
  }

  test('a feature no tree splits on gets exactly 0; base + Σ φ is the raw score', () => {
    const model = tinyModel('multiclass', 4)
    const shap = new TreeShap(model)
    const rows = tinyData(40, 9)
    const raw = predictGbdtRaw(model, rows)
    for (let row = 0; row < rows.rowCount; row++) {
      const phi = explain(shap, rows, row)
      for (let k = 0; k < model.outputs; k++) {
        assert.equal(phi[k * WIDTH + 4], 0)
        const sum = phi.slice(k * WIDTH, (k + 1) * WIDTH).reduce((a, b) => a + b, shap.expectedValues[k]!)
        assertClose(sum, raw[row * model.outputs + k]!, 1e-9)
      }
    }
  })

  test('derives the covers of leaves saved without counts from their parent and sibling', () => {
    const model = tinyModel('binary', 5)
    // Drop the count of every leaf whose sibling is a split: derivable.
    const stripped = {
      ...model,
      trees: model.trees.map((tree) => ({
        nodes: tree.nodes.map((node, i) => {
          if (node.kind !== 'leaf') return node
          const parent = tree.nodes.find((p) => p.kind !== 'leaf' && (p.left === i || p.right === i))
          if (parent === undefined || parent.kind === 'leaf')
            return { kind: 'leaf' as const, value: node.value }
          const sibling = tree.nodes[parent.left === i ? parent.right : parent.left]!
          return sibling.kind === 'leaf' ? node : { kind: 'leaf' as const, value: node.value }
        }),
      })),
    }
    assert.ok(
      stripped.trees.some((tree) =>
        tree.nodes.some((node) => node.kind === 'leaf' && node.count === undefined),
      ),
    )
    const rows = tinyData(10, 11)
    const original = new TreeShap(model)
    const derived = new TreeShap(stripped)
    assertClose(derived.expectedValues, original.expectedValues, 0)
    for (let row = 0; row < rows.rowCount; row++)
      assertClose(explain(derived, rows, row), explain(original, rows, row), 0)
  })

  test('refuses a model whose leaf covers cannot be derived: it predates them and must be retrained', () => {
    const model = tinyModel('binary', 6)
    const old = {
      ...model,
      trees: model.trees.map((tree) => ({
        nodes: tree.nodes.map((node) =>
          node.kind === 'leaf' ? { kind: 'leaf' as const, value: node.value } : node,
        ),
      })),
    }
    assert.throws(
      () => new TreeShap(old),
      (error: unknown) =>
        error instanceof ShipyardError &&
        error.code === 'INVALID_PARAMETER_VALUE' &&
        /predates leaf covers/.test(error.message) &&
        /retrain/.test(error.message),
    )
  })

  test('a one-leaf tree without a count adds its value to the base value', () => {
    const model = tinyModel('binary', 7)
    const withStump = {
      ...model,
      trees: [...model.trees, { nodes: [{ kind: 'leaf' as const, value: 0.25 }] }],
      treeOutputs: [...model.treeOutputs, 0],
    }
    const before = new TreeShap(model)
    const after = new TreeShap(withStump)
    assertClose(after.expectedValues[0]!, before.expectedValues[0]! + 0.25, 1e-12)
    const rows = tinyData(5, 3)
    assertClose(explain(after, rows, 2), explain(before, rows, 2), 1e-12)
  })
})
