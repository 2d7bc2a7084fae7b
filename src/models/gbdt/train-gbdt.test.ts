import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { makeClassification, makeRegression, trainTestSplit } from '../testing/synthetic-tasks.js'
import type { IterationReport, TrainingMatrix } from '../training-data.js'
import type { GbdtLeaf, GbdtModel, GbdtNode, GbdtParams } from './gbdt-model.js'
import { leafValue, predictGbdtRaw } from './gbdt-predict.js'
import { OBJECTIVES } from './objectives/objective-table.js'
import { GBDT_DEFAULTS, trainGbdt } from './train-gbdt.js'

const FAST: GbdtParams = { ...GBDT_DEFAULTS, numTrees: 30, numLeaves: 15, threads: 1 }

function matrix(
  values: Float32Array,
  labels: Float64Array,
  width: number,
  weights?: Float64Array,
): TrainingMatrix {
  const names = Array.from({ length: width }, (_, i) => `x${i}`)
  return { features: { names, rowCount: labels.length, values }, labels, ...(weights ? { weights } : {}) }
}

// Trains and records every iteration report.
async function trainRecorded(
  train: TrainingMatrix,
  params: GbdtParams,
  options: Parameters<typeof trainGbdt>[2] = {},
): Promise<{ model: GbdtModel; reports: IterationReport[] }> {
  const reports: IterationReport[] = []
  const model = await trainGbdt(train, params, { ...options, onIteration: (r) => reports.push(r) })
  return { model, reports }
}

// The metric of the objective over predictGbdtRaw's scores (one loss chunk: tests stay under 65,536 rows).
function predictedMetric(model: GbdtModel, data: TrainingMatrix): number {
  const objective = OBJECTIVES[model.objective](model.params)
  const scores = predictGbdtRaw(model, data.features)
  const weight = data.weights ? data.weights.reduce((a, b) => a + b, 0) : data.labels.length
  return objective.metricValue(
    objective.lossSum(scores, data.labels, data.weights, 0, data.labels.length),
    weight,
  )
}

function accuracy(model: GbdtModel, data: TrainingMatrix): number {
  const scores = predictGbdtRaw(model, data.features)
  const k = model.outputs
  let hits = 0
  for (let r = 0; r < data.labels.length; r++) {
    let predicted: number
    if (k === 1) predicted = scores[r]! > 0 ? 1 : 0
    else {
      predicted = 0
      for (let c = 1; c < k; c++) if (scores[r * k + c]! > scores[r * k + predicted]!) predicted = c
    }
    if (predicted === data.labels[r]) hits++
  }
  return hits / data.labels.length
}

function depthOf(nodes: readonly GbdtNode[], i = 0): number {
  const node = nodes[i]!
  return node.kind === 'leaf' ? 0 : 1 + Math.max(depthOf(nodes, node.left), depthOf(nodes, node.right))
}

// The index of the leaf a row reaches (as leafValue walks).
function leafIndex(nodes: readonly GbdtNode[], values: Float32Array, offset: number): number {
  let i = 0
  for (let node = nodes[0]!; node.kind !== 'leaf'; node = nodes[i]!) {
    const x = values[offset + node.feature]!
    const left = Number.isNaN(x)
      ? node.missingLeft
      : node.kind === 'numeric'
        ? x <= node.threshold
        : node.categories.includes(x)
    i = left ? node.left : node.right
  }
  return i
}

function last(reports: IterationReport[], metric: string): number {
  return reports[reports.length - 1]!.train[metric]!
}

describe('trainGbdt objectives', () => {
  it('binary: learns a class signal well above chance', async () => {
    const task = makeClassification({ rows: 4000, features: 10, informative: 6, redundant: 2 })
    const { train, test } = trainTestSplit(task, 0.25, 1)
    const { model, reports } = await trainRecorded(train, FAST)
    assert.ok(accuracy(model, test) > 0.8, `accuracy ${accuracy(model, test)}`)
    assert.ok(last(reports, 'logloss') < 0.7 * reports[0]!.train.logloss!)
    assert.equal(model.outputs, 1)
    assert.equal(model.trees.length, 30)
  })

  it('multiclass: one tree per class per round, accuracy well above chance', async () => {
    const task = makeClassification({ rows: 3000, features: 8, informative: 6, redundant: 0, classes: 3 })
    const { train, test } = trainTestSplit(task, 0.25, 1)
    const params = { ...FAST, objective: 'multiclass', numClasses: 3 } as const
    const { model, reports } = await trainRecorded(train, params)
    assert.equal(model.trees.length, 90)
    assert.deepEqual(model.treeOutputs.slice(0, 4), [0, 1, 2, 0])
    assert.ok(accuracy(model, test) > 0.6, `accuracy ${accuracy(model, test)}`)
    assert.ok(last(reports, 'multi_logloss') < reports[0]!.train.multi_logloss!)
  })

  for (const [objective, metric] of [
    ['regression_l2', 'rmse'],
    ['regression_l1', 'mae'],
    ['huber', 'huber'],
  ] as const) {
    it(`${objective}: the ${metric} drops well below the base score's`, async () => {
      const task = makeRegression({ rows: 3000, features: 8, informative: 5 })
      const params = { ...FAST, objective, numTrees: 60, huberDelta: 2 }
      const { model, reports } = await trainRecorded(task, params)
      const base = { ...model, trees: [], treeOutputs: [] }
      assert.ok(
        last(reports, metric) < 0.5 * predictedMetric(base, task),
        `${metric} ${last(reports, metric)}`,
      )
    })
  }

  it('regression_l1 starts from the median and refits leaves to medians', async () => {
    const labels = Float64Array.from([1, 2, 3, 100, 4])
    const values = Float32Array.from([0, 0, 0, 0, 0])
    const model = await trainGbdt(matrix(values, labels, 1), {
      ...FAST,
      objective: 'regression_l1',
      minDataInLeaf: 1,
      numTrees: 1,
    })
    assert.equal(model.baseScores[0], 3)
    assert.equal(model.trees[0]!.nodes.length, 1)
    // The residuals' median is 0: the L1 refit does not move towards the outlier.
    assert.deepEqual(model.trees[0]!.nodes[0], { kind: 'leaf', value: 0, count: 5 })
  })
})

describe('trainGbdt model', () => {
  for (const [name, extra] of [
    ['binary with bagging and column sampling', { baggingFraction: 0.6, featureFraction: 0.7 }],
    ['multiclass', { objective: 'multiclass', numClasses: 3 }],
    ['regression_l1 with weights', { objective: 'regression_l1' }],
  ] as const) {
    it(`predictGbdtRaw reproduces the training scores exactly: ${name}`, async () => {
      const classes = 'numClasses' in extra ? 3 : 2
      const task = makeClassification({ rows: 2000, features: 6, informative: 4, redundant: 0, classes })
      const weights = name.includes('weights') ? task.labels.map((_, r) => 1 + (r % 3)) : undefined
      const data = matrix(task.features.values, task.labels, 6, weights)
      const { model, reports } = await trainRecorded(data, { ...FAST, ...extra })
      const metric = OBJECTIVES[model.objective](model.params).metric
      assert.equal(last(reports, metric), predictedMetric(model, data))
    })
  }

  it('stores float32 leaf values and thresholds, and survives JSON', async () => {
    const task = makeRegression({ rows: 1000, features: 4, informative: 4 })
    const model = await trainGbdt(task, { ...FAST, objective: 'regression_l2' })
    for (const tree of model.trees) {
      for (const node of tree.nodes) {
        if (node.kind === 'leaf') assert.equal(Math.fround(node.value), node.value)
        if (node.kind === 'numeric') assert.equal(Math.fround(node.threshold), node.threshold)
      }
    }
    const copy = JSON.parse(JSON.stringify(model)) as GbdtModel
    assert.deepEqual(predictGbdtRaw(copy, task.features), predictGbdtRaw(model, task.features))
  })

  it('honours numLeaves, maxDepth and minDataInLeaf', async () => {
    const task = makeClassification({ rows: 3000, features: 6, informative: 4, redundant: 0 })
    const params = { ...FAST, numTrees: 10, numLeaves: 12, maxDepth: 3, minDataInLeaf: 80 }
    const model = await trainGbdt(task, params)
    const width = task.features.names.length
    for (const tree of model.trees) {
      const leaves = tree.nodes.filter((node) => node.kind === 'leaf').length
      assert.ok(leaves <= 8, `leaves ${leaves}`)
      assert.ok(depthOf(tree.nodes) <= 3)
      const counts = new Map<number, number>()
      const value = (r: number) => leafValue(tree.nodes, task.features.values, r * width)
      for (let r = 0; r < task.labels.length; r++) counts.set(value(r), (counts.get(value(r)) ?? 0) + 1)
      for (const count of counts.values()) assert.ok(count >= 80, `leaf with ${count} rows`)
    }
    const wide = await trainGbdt(task, { ...params, maxDepth: -1, minDataInLeaf: 5 })
    assert.ok(wide.trees.every((tree) => tree.nodes.filter((n) => n.kind === 'leaf').length <= 12))
    assert.ok(wide.trees.some((tree) => tree.nodes.filter((n) => n.kind === 'leaf').length === 12))
  })

  it('records every leaf cover: the training rows that reach it, summing to the parent count', async () => {
    const task = makeClassification({ rows: 2000, features: 6, informative: 4, redundant: 0 })
    const width = task.features.names.length
    const full = await trainGbdt(task, { ...FAST, numTrees: 5 })
    for (const tree of full.trees) {
      const reached = new Array<number>(tree.nodes.length).fill(0)
      for (let r = 0; r < task.labels.length; r++)
        reached[leafIndex(tree.nodes, task.features.values, r * width)]!++
      tree.nodes.forEach((node, i) => {
        if (node.kind === 'leaf') assert.equal(node.count, reached[i], `leaf ${i}`)
      })
    }
    const bagged = await trainGbdt(task, { ...FAST, numTrees: 5, baggingFraction: 0.6 })
    for (const tree of bagged.trees) {
      const cover = (node: GbdtNode) => node.count!
      for (const node of tree.nodes) {
        if (node.kind !== 'leaf')
          assert.equal(cover(tree.nodes[node.left]!) + cover(tree.nodes[node.right]!), node.count)
      }
      assert.ok(cover(tree.nodes[0]!) < task.labels.length, 'covers count the bagged rows only')
    }
  })

  it('importance sums the splits and their gains', async () => {
    const task = makeClassification({ rows: 2000, features: 8, informative: 3, redundant: 0 })
    const model = await trainGbdt(task, FAST)
    const splits = model.trees.flatMap((tree) =>
      tree.nodes.filter((node): node is Exclude<GbdtNode, GbdtLeaf> => node.kind !== 'leaf'),
    )
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
    assert.equal(sum(model.importance.split), splits.length)
    const gain = sum(splits.map((node) => node.gain))
    assert.ok(Math.abs(sum(model.importance.gain) - gain) <= 1e-9 * gain)
    const informative = sum(model.importance.gain.slice(0, 3))
    assert.ok(informative > 0.5 * sum(model.importance.gain), 'the informative columns carry most gain')
  })

  it('is deterministic for a seed, and the same with 1 or 2 threads', async () => {
    const task = makeClassification({ rows: 6000, features: 8, informative: 5, redundant: 0 })
    const params = { ...FAST, numTrees: 8, baggingFraction: 0.7, featureFraction: 0.6, seed: 7 }
    const one = JSON.stringify((await trainGbdt(task, params)).trees)
    assert.equal(JSON.stringify((await trainGbdt(task, params)).trees), one)
    const two = await trainGbdt(task, { ...params, threads: 2 })
    assert.equal(JSON.stringify(two.trees), one)
    assert.equal(JSON.stringify((await trainGbdt(task, { ...params, threads: 2 })).trees), one)
    const other = await trainGbdt(task, { ...params, seed: 8 })
    assert.notEqual(JSON.stringify(other.trees), one)
  })
})

describe('trainGbdt data', () => {
  // x0 carries the label only through missingness; x1 is noise.
  function missingTask(missingLabel: number) {
    const rng = new Random(3)
    const rows = 2000
    const values = new Float32Array(rows * 2)
    const labels = new Float64Array(rows)
    for (let r = 0; r < rows; r++) {
      const missing = rng.nextFloat() < 0.4
      labels[r] = missing ? missingLabel : 1 - missingLabel
      values[2 * r] = missing ? Number.NaN : rng.nextFloat()
      values[2 * r + 1] = rng.nextFloat()
    }
    return matrix(values, labels, 2)
  }

  for (const missingLabel of [0, 1]) {
    it(`learns which side missing values go (missing rows labelled ${missingLabel})`, async () => {
      const task = missingTask(missingLabel)
      const model = await trainGbdt(task, { ...FAST, numTrees: 5, numLeaves: 2 })
      const root = model.trees[0]!.nodes[0]!
      assert.equal(root.kind, 'numeric')
      assert.equal(root.kind === 'numeric' && root.feature, 0)
      assert.equal(accuracy(model, task), 1)
    })
  }

  // Ten categories; the label is 1 for a scattered set of them.
  function categoryTask(positive: readonly number[], categories: number) {
    const rng = new Random(5)
    const rows = 3000
    const values = new Float32Array(rows)
    const labels = new Float64Array(rows)
    for (let r = 0; r < rows; r++) {
      const code = rng.nextInt(categories)
      values[r] = code
      labels[r] = positive.includes(code) === rng.nextFloat() < 0.9 ? 1 : 0
    }
    return matrix(values, labels, 1)
  }

  it('splits categories as a set: one stump beats ordinal splits', async () => {
    const task = categoryTask([1, 4, 7, 8], 10)
    const stumps = { ...FAST, numTrees: 1, numLeaves: 2, learningRate: 1 }
    const categorical = await trainRecorded(task, stumps, { categoricalFeatures: [0] })
    const ordinal = await trainRecorded(task, stumps)
    const split = categorical.model.trees[0]!.nodes[0]!
    assert.equal(split.kind, 'categorical')
    const set = split.kind === 'categorical' ? split.categories : []
    assert.ok(JSON.stringify(set) === '[1,4,7,8]' || JSON.stringify(set) === '[0,2,3,5,6,9]', `${set}`)
    assert.ok(last(categorical.reports, 'logloss') < last(ordinal.reports, 'logloss') - 0.1)
    assert.deepEqual(categorical.model.categoricalFeatures, [0])
  })

  it('splits few categories one-vs-rest', async () => {
    const task = categoryTask([2], 3)
    const model = await trainGbdt(task, { ...FAST, numTrees: 1, numLeaves: 2 }, { categoricalFeatures: [0] })
    const split = model.trees[0]!.nodes[0]!
    assert.deepEqual(split.kind === 'categorical' && split.categories, [2])
  })

  it('weights shift the base score and the predictions', async () => {
    const task = makeClassification({ rows: 2000, features: 6, informative: 4, redundant: 0 })
    const weights = task.labels.map((y) => (y === 1 ? 5 : 1))
    const plain = await trainGbdt(task, FAST)
    const weighted = await trainGbdt(matrix(task.features.values, task.labels, 6, weights), FAST)
    const positives = task.labels.reduce((a, b) => a + b, 0)
    const mean = (5 * positives) / (5 * positives + task.labels.length - positives)
    assert.equal(weighted.baseScores[0], Math.fround(Math.log(mean / (1 - mean))))
    const average = (m: GbdtModel) => predictGbdtRaw(m, task.features).reduce((a, b) => a + b, 0)
    assert.ok(average(weighted) > average(plain) + 1000)
  })

  it('stops early on the validation loss and keeps the best round', async () => {
    const task = makeClassification({ rows: 3000, features: 8, informative: 3, redundant: 0, flipY: 0.3 })
    const { train, test: valid } = trainTestSplit(task, 0.3, 2)
    const params = { ...FAST, numTrees: 300, numLeaves: 31, learningRate: 0.3, earlyStoppingRounds: 5 }
    const { model, reports } = await trainRecorded(train, params, { valid })
    assert.ok(reports.length < 300)
    const losses = reports.map((r) => r.valid!.logloss!)
    const best = losses.indexOf(Math.min(...losses))
    assert.equal(reports.length, best + 1 + 5)
    assert.equal(model.bestIteration, best + 1)
    assert.equal(model.trees.length, best + 1)
    assert.equal(predictedMetric(model, valid), losses[best])
  })

  it('refuses data it cannot learn from', async () => {
    const values = Float32Array.from({ length: 40 }, (_, i) => i)
    const ok = Float64Array.from({ length: 40 }, (_, i) => i % 2)
    const cases: [TrainingMatrix, Partial<GbdtParams>, object, string][] = [
      [
        matrix(
          values,
          ok.map((y, i) => (i === 3 ? Number.NaN : y)),
          1,
        ),
        {},
        {},
        'train.labels',
      ],
      [
        matrix(
          values,
          ok.map((y, i) => (i === 3 ? 2 : y)),
          1,
        ),
        {},
        {},
        'train.labels',
      ],
      [
        matrix(
          values,
          ok.map((y) => y * 3),
          1,
        ),
        { objective: 'multiclass', numClasses: 3 },
        {},
        'train.labels',
      ],
      [matrix(values, ok, 1), { minDataInLeaf: 41 }, {}, 'train'],
      [
        matrix(
          values,
          ok,
          1,
          ok.map(() => 0),
        ),
        {},
        {},
        'train.weights',
      ],
      [matrix(values, ok, 1), {}, { categoricalFeatures: [1] }, 'categoricalFeatures'],
      [matrix(values, ok, 1), {}, { valid: matrix(Float32Array.of(1, 2), Float64Array.of(0), 2) }, 'valid'],
    ]
    for (const [data, params, options, field] of cases) {
      await assert.rejects(
        trainGbdt(data, { ...FAST, minDataInLeaf: 2, ...params }, options),
        (error: unknown) => {
          assert.equal((error as { code?: string }).code, 'INVALID_PARAMETER_VALUE')
          assert.equal((error as { details?: { field?: string } }).details?.field, field)
          return true
        },
      )
    }
  })
})
