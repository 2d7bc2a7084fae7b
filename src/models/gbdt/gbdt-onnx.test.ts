import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  compilePipelineToOnnx,
  type FeatureMatrix,
  fitPipeline,
  onnxFeeds,
  transform,
} from '../../features/index.js'
import { syntheticData } from '../../features/testing/synthetic-data.js'
import { OnnxGraphBuilder, type OnnxResult, OnnxSession } from '../../onnx/index.js'
import { Random } from '../../shared/index.js'
import { randomGbdtModel } from '../testing/random-gbdt-model.js'
import type { ClassLabels } from '../training-data.js'
import type { GbdtModel, GbdtNode } from './gbdt-model.js'
import { appendGbdtToGraph } from './gbdt-onnx.js'
import { predictGbdtRaw } from './gbdt-predict.js'

const TOLERANCE = 1e-5
const NAMES = ['ties', 'ints', 'city', 'uniform', 'flag']
const CATEGORICAL = [2, 4]

/**
 * Rows that meet every routing case: values on a 0.1 grid and integers (so thresholds drawn from the
 * data are met exactly), NaN in every column, ±Infinity, category codes with -1 (unseen) and NaN.
 */
function testMatrix(rows: number, seed: number): FeatureMatrix {
  const rng = new Random(seed)
  const values = new Float32Array(rows * NAMES.length)
  const missing = (p: number) => rng.nextFloat() < p
  for (let row = 0; row < rows; row++) {
    const at = row * NAMES.length
    const u = rng.nextFloat()
    values[at] = missing(0.1)
      ? Number.NaN
      : u < 0.01
        ? -Infinity
        : u < 0.02
          ? Infinity
          : Math.round((u - 0.5) * 60) / 10
    values[at + 1] = missing(0.05) ? Number.NaN : rng.nextInt(11)
    values[at + 2] = missing(0.08) ? Number.NaN : rng.nextInt(9) - 1
    values[at + 3] = missing(0.05) ? Number.NaN : rng.nextFloat()
    values[at + 4] = missing(0.1) ? Number.NaN : rng.nextInt(3) - (missing(0.1) ? 1 : 0)
  }
  return { names: NAMES, rowCount: rows, values }
}

/** Runs `model` appended to a graph whose only input is the feature matrix. */
async function runModel(
  model: GbdtModel,
  matrix: FeatureMatrix,
  labels: ClassLabels | null,
): Promise<Record<string, OnnxResult>> {
  const graph = new OnnxGraphBuilder('gbdt')
  const features = graph.addInput('features', 'float', ['N', matrix.names.length])
  appendGbdtToGraph(model, graph, features, labels)
  const session = await OnnxSession.load(graph.toModel())
  try {
    return await session.run({
      features: { type: 'float', data: matrix.values, dims: [matrix.rowCount, matrix.names.length] },
    })
  } finally {
    await session.release()
  }
}

/** The reference probabilities, row-major [rows, K]: sigmoid as [1 - p, p], or softmax. */
function referenceProbabilities(model: GbdtModel, matrix: FeatureMatrix): Float64Array {
  const raw = predictGbdtRaw(model, matrix)
  if (model.objective === 'binary') {
    const out = new Float64Array(matrix.rowCount * 2)
    raw.forEach((s, row) => {
      const p = 1 / (1 + Math.exp(-s))
      out[row * 2] = 1 - p
      out[row * 2 + 1] = p
    })
    return out
  }
  const k = model.outputs
  const out = new Float64Array(raw.length)
  for (let row = 0; row < matrix.rowCount; row++) {
    const scores = raw.subarray(row * k, row * k + k)
    const max = Math.max(...scores)
    let total = 0
    for (let j = 0; j < k; j++) total += Math.exp(scores[j]! - max)
    for (let j = 0; j < k; j++) out[row * k + j] = Math.exp(scores[j]! - max) / total
  }
  return out
}

/** Asserts every cell within `tolerance` (relative beyond magnitude 1), naming the worst one. */
function assertClose(actual: OnnxResult['data'], expected: Float64Array, tolerance = TOLERANCE): void {
  assert.equal(actual.length, expected.length)
  let worst = -1
  let worstDiff = 0
  expected.forEach((e, i) => {
    const diff = Math.abs(Number(actual[i]) - e) / Math.max(1, Math.abs(e))
    if (!(diff <= worstDiff)) {
      worst = i
      worstDiff = diff
    }
  })
  assert.ok(worstDiff <= tolerance, `cell ${worst}: onnx ${actual[worst]} vs reference ${expected[worst]}`)
}

/** Asserts the labels are the reference argmax; rows whose two best classes are closer than float noise are skipped. */
function assertLabels(out: OnnxResult, probabilities: Float64Array, k: number, labels: ClassLabels): void {
  const rows = probabilities.length / k
  assert.equal(out.data.length, rows)
  let checked = 0
  for (let row = 0; row < rows; row++) {
    const p = Array.from(probabilities.subarray(row * k, row * k + k))
    const best = p.indexOf(Math.max(...p))
    const runnerUp = Math.max(...p.filter((_, j) => j !== best))
    if (p[best]! - runnerUp < 1e-6) continue
    checked++
    const got = out.data[row]
    assert.equal(typeof got === 'bigint' ? Number(got) : got, labels.values[best], `row ${row}`)
  }
  assert.ok(checked > rows * 0.99, `only ${checked} of ${rows} rows have a clear winner`)
}

const leaf = (value: number): GbdtNode => ({ kind: 'leaf', value })
const numeric = (
  feature: number,
  threshold: number,
  missingLeft: boolean,
  left: number,
  right: number,
): GbdtNode => ({
  kind: 'numeric',
  feature,
  threshold,
  missingLeft,
  left,
  right,
  gain: 1,
  count: 10,
})
const categorical = (
  feature: number,
  categories: number[],
  missingLeft: boolean,
  left: number,
  right: number,
): GbdtNode => ({ kind: 'categorical', feature, categories, missingLeft, left, right, gain: 1, count: 10 })

/** A model of the given trees, on two features (feature 1 categorical). */
function handModel(
  objective: GbdtModel['objective'],
  trees: GbdtNode[][],
  baseScores: number[],
  treeOutputs = trees.map(() => 0),
): GbdtModel {
  const base = randomGbdtModel({
    objective,
    outputs: baseScores.length,
    rounds: 0,
    maxDepth: 0,
    data: { names: ['x', 'c'], rowCount: 0, values: new Float32Array(0) },
    categorical: [1],
    seed: 1,
  })
  return { ...base, baseScores, trees: trees.map((nodes) => ({ nodes })), treeOutputs }
}

describe('appendGbdtToGraph', () => {
  it('routes thresholds, NaN and categories exactly as predictGbdtRaw (hand-built regression trees)', async () => {
    const t = Math.fround(0.3)
    const model = handModel(
      'regression_l2',
      [
        // x <= t (NaN left) -> 1 ; else c in {1, 3} (NaN right) -> 10, else 100
        [numeric(0, t, true, 1, 2), leaf(1), categorical(1, [1, 3], false, 3, 4), leaf(10), leaf(100)],
        // c in {0} (NaN left) -> x <= t (NaN right) -> 1000 / 2000 ; else 4000
        [categorical(1, [0], true, 1, 4), numeric(0, t, false, 2, 3), leaf(1000), leaf(2000), leaf(4000)],
        [leaf(0.5)],
      ],
      [7],
    )
    const nan = Number.NaN
    const rows: [number, number][] = [
      [t, 0], // x on the threshold goes left in both trees
      [Math.fround(0.30000001192092896 + 1e-7), 1], // just above
      [nan, 3],
      [nan, nan],
      [1, -1], // unseen category: right in both
      [1, 2], // a category absent from the split: right
      [1, 3],
      [-Infinity, 0],
      [Infinity, nan],
    ]
    const matrix = { names: ['x', 'c'], rowCount: rows.length, values: new Float32Array(rows.flat()) }
    const expected = predictGbdtRaw(model, matrix)
    assert.deepEqual(
      Array.from(expected),
      [1008.5, 4017.5, 4008.5, 2008.5, 4107.5, 4107.5, 4017.5, 1008.5, 2107.5],
    )
    const out = await runModel(model, matrix, null)
    assert.deepEqual(out.prediction?.dims, [rows.length, 1])
    assert.deepEqual(Array.from(out.prediction!.data as Float32Array), Array.from(expected))
  })

  it('gives binary probabilities as [1 - p, p] and int64 or string labels', async () => {
    const model = handModel('binary', [[numeric(0, 0, false, 1, 2), leaf(-2), leaf(3)]], [0.5])
    const matrix = { names: ['x', 'c'], rowCount: 3, values: new Float32Array([-1, 0, 1, 0, Number.NaN, 0]) }
    const sigmoid = (s: number) => 1 / (1 + Math.exp(-s))
    const p = [sigmoid(-1.5), sigmoid(3.5), sigmoid(3.5)]
    for (const labels of [
      { kind: 'int64', values: [0, 1] },
      { kind: 'string', values: ['no', 'yes'] },
    ] as const) {
      const out = await runModel(model, matrix, labels)
      assert.deepEqual(out.probabilities?.dims, [3, 2])
      assertClose(out.probabilities!.data, new Float64Array(p.flatMap((q) => [1 - q, q])))
      const got = Array.from(out.label!.data as ArrayLike<unknown>, (v) =>
        typeof v === 'bigint' ? Number(v) : v,
      )
      assert.deepEqual(got, [labels.values[0], labels.values[1], labels.values[1]])
    }
  })

  for (const [objective, seed] of [
    ['binary', 1],
    ['binary', 2],
    ['regression_l2', 3],
    ['huber', 4],
  ] as const) {
    it(`matches predictGbdtRaw on 3,000 rows: random ${objective} model (seed ${seed})`, async () => {
      const matrix = testMatrix(3000, seed)
      const model = randomGbdtModel({
        objective,
        rounds: 40,
        maxDepth: 6,
        data: matrix,
        categorical: CATEGORICAL,
        seed,
      })
      const labels: ClassLabels | null = objective === 'binary' ? { kind: 'int64', values: [0, 1] } : null
      const out = await runModel(model, matrix, labels)
      if (labels) {
        const expected = referenceProbabilities(model, matrix)
        assertClose(out.probabilities!.data, expected)
        assertLabels(out.label!, expected, 2, labels)
      } else {
        assertClose(out.prediction!.data, predictGbdtRaw(model, matrix))
      }
    })
  }

  it('matches softmax(predictGbdtRaw) for a random 4-class model with string labels', async () => {
    const matrix = testMatrix(3000, 5)
    const model = randomGbdtModel({
      objective: 'multiclass',
      outputs: 4,
      rounds: 25,
      maxDepth: 7,
      data: matrix,
      categorical: CATEGORICAL,
      seed: 5,
    })
    const labels: ClassLabels = { kind: 'string', values: ['a', 'b', 'c', 'd'] }
    const out = await runModel(model, matrix, labels)
    assert.deepEqual(out.probabilities?.dims, [3000, 4])
    const expected = referenceProbabilities(model, matrix)
    assertClose(out.probabilities!.data, expected)
    assertLabels(out.label!, expected, 4, labels)
  })

  it('predicts the base scores for a model without trees', async () => {
    const model = handModel('multiclass', [], [0.1, -0.2, 0.3])
    const out = await runModel(model, testMatrix(5, 6), { kind: 'int64', values: [10, 20, 30] })
    const expected = referenceProbabilities(model, testMatrix(5, 6))
    assertClose(out.probabilities!.data, expected)
    assert.deepEqual(Array.from(out.label!.data as BigInt64Array), new Array(5).fill(30n))
  })

  it('refuses missing or miscounted labels and inconsistent models, naming the field', () => {
    const graph = new OnnxGraphBuilder('gbdt')
    const features = graph.addInput('features', 'float', ['N', 2])
    const binary = handModel('binary', [[leaf(1)]], [0])
    assert.throws(
      () => appendGbdtToGraph(binary, graph, features, null),
      /labels: .*2 class labels, got null/,
    )
    assert.throws(
      () => appendGbdtToGraph(binary, graph, features, { kind: 'int64', values: [0, 1, 2] }),
      /labels: .*got 3/,
    )
    const regression = handModel('regression_l1', [[leaf(1)]], [0])
    assert.throws(
      () => appendGbdtToGraph(regression, graph, features, { kind: 'int64', values: [0, 1] }),
      /labels: must be null/,
    )
    const offRange = handModel('binary', [[numeric(2, 0, true, 1, 2), leaf(0), leaf(1)]], [0])
    assert.throws(() => appendGbdtToGraph(offRange, graph, features, null), /trees\[0\]\.nodes\[0\]\.feature/)
    const badOutput = handModel('multiclass', [[leaf(1)]], [0, 0, 0], [3])
    assert.throws(() => appendGbdtToGraph(badOutput, graph, features, null), /treeOutputs\[0\]/)
  })

  it('serves a random model on the graph of a fitted feature pipeline (raw columns in, unseen categories)', async () => {
    const { train, apply } = syntheticData({ rows: 2500, seed: 7 })
    const fitted = fitPipeline(
      { steps: [{ type: 'ordinal', columns: ['city', 'device'] }] },
      train.select(['amount', 'signed', 'count', 'is_member', 'city', 'device', 'target']),
      { target: 'target' },
    )
    const categorical = ['city', 'device'].map((name) => fitted.featureNames.indexOf(name))
    assert.ok(categorical.every((i) => i >= 0))
    const model = randomGbdtModel({
      objective: 'multiclass',
      outputs: 3,
      rounds: 20,
      maxDepth: 6,
      data: transform(fitted, train),
      categorical,
      seed: 8,
    })
    const compiled = compilePipelineToOnnx(fitted)
    assert.deepEqual(compiled.featureNames, model.featureNames)
    const labels: ClassLabels = { kind: 'int64', values: [3, 5, 7] }
    appendGbdtToGraph(model, compiled.graph, compiled.features, labels)
    const session = await OnnxSession.load(compiled.graph.toModel({ opsets: compiled.opsets }))
    const out = await session.run(onnxFeeds(fitted, apply))
    await session.release()
    const matrix = transform(fitted, apply)
    const cities = categorical.map((f) =>
      Array.from({ length: matrix.rowCount }, (_, r) => matrix.values[r * matrix.names.length + f]),
    )
    assert.ok(
      cities[0]!.includes(-1) && cities[0]!.some(Number.isNaN),
      'apply data has unseen and missing cities',
    )
    const expected = referenceProbabilities(model, matrix)
    assertClose(out.probabilities!.data, expected)
    assertLabels(out.label!, expected, 3, labels)
  })
})
