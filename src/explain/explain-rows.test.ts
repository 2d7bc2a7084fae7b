import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Column, Dataset } from '../data/index.js'
import { syntheticData } from '../features/testing/synthetic-data.js'
import {
  type GbdtModel,
  type ModelDocument,
  TrainedModel,
  type TrainOptions,
  train,
} from '../models/index.js'
import { ShipyardError } from '../shared/index.js'
import { type Explanation, explainRows } from './explain-rows.js'

// Raw columns with missing values; the applied rows add unseen cities and devices. Infinities become
// missing (training refuses them); `tier` (3 classes) and `value` (a number) are extra targets.
const raw = syntheticData({ rows: 1500, seed: 3 })
const TRAIN = prepared(raw.train)
const APPLY = prepared(raw.apply).take(Array.from({ length: 300 }, (_, i) => i))

function prepared(data: Dataset): Dataset {
  const numeric = (name: string) => (data.column(name) as Extract<Column, { type: 'numeric' }>).values
  const amount = numeric('amount').map((v) => (Number.isFinite(v) ? v : Number.NaN))
  const count = numeric('count')
  const city = data.column('city') as Extract<Column, { type: 'categorical' }>
  const value = Float64Array.from(
    amount,
    (a, i) => (Number.isNaN(a) ? 1 : Math.log1p(a)) + 0.3 * (count[i]! || 0) + (city.codes[i] === 0 ? 2 : 0),
  )
  const tier = Int32Array.from(value, (v) => (v < 4 ? 0 : v < 5.5 ? 1 : 2))
  return data
    .withColumns([
      { name: 'amount', type: 'numeric', values: amount },
      { name: 'value', type: 'numeric', values: value },
      { name: 'tier', type: 'categorical', dictionary: ['low', 'mid', 'high'], codes: tier },
    ])
    .drop(['signed', 'all_missing', 'note'])
}

const TARGETS = ['target', 'value', 'tier']

function trainOn(target: string, options: Omit<TrainOptions, 'target'> = {}): Promise<TrainedModel> {
  return train(TRAIN.drop(TARGETS.filter((t) => t !== target)), { target, seed: 1, ...options })
}

/** Asserts base + Σ contributions = raw score for every row and output, over features and over columns. */
function assertAdditive(e: Explanation): void {
  const outputs = e.outputs.length
  const check = (contributions: Float64Array, width: number, what: string) => {
    assert.equal(contributions.length, e.rowCount * outputs * width)
    for (let g = 0; g < e.rowCount * outputs; g++) {
      let sum = e.baseValues[g % outputs]!
      for (let j = 0; j < width; j++) sum += contributions[g * width + j]!
      const rawScore = e.rawScores[g]!
      assert.ok(
        Math.abs(sum - rawScore) <= 1e-6 * Math.max(1, Math.abs(rawScore)),
        `${what}: row ${Math.floor(g / outputs)} output ${g % outputs}: ${sum} vs ${rawScore}`,
      )
    }
  }
  check(e.featureContributions, e.features.length, 'features')
  check(e.columnContributions, e.columns.length, 'columns')
}

// The sum over rows and outputs of |contribution| of one column.
function columnWeight(e: Explanation, column: string): number {
  const c = e.columns.indexOf(column)
  assert.ok(c >= 0, `no column ${column}`)
  let total = 0
  for (let g = 0; g < e.rowCount * e.outputs.length; g++)
    total += Math.abs(e.columnContributions[g * e.columns.length + c]!)
  return total
}

test('the applied rows hold missing values and categories unseen in training', () => {
  const city = APPLY.column('city') as Extract<Column, { type: 'categorical' }>
  assert.ok(city.codes.some((c) => c === -1))
  assert.ok(city.codes.some((c) => city.dictionary[c] === 'atlantis' || city.dictionary[c] === 'el dorado'))
})

describe('base value + contributions = raw score, per feature and per raw column', () => {
  const cases: [string, string, Omit<TrainOptions, 'target'>, readonly (number | string)[]][] = [
    ['gbdt binary', 'target', { params: { num_trees: 20 } }, [1]],
    ['gbdt multiclass', 'tier', { params: { num_trees: 10 } }, ['high', 'low', 'mid']],
    [
      'gbdt regression, early stopped',
      'value',
      { validFraction: 0.25, params: { num_trees: 300, learning_rate: 0.5, early_stopping_rounds: 3 } },
      ['value'],
    ],
    ['linear logistic', 'target', { model: 'linear' }, [1]],
    ['linear softmax', 'tier', { model: 'linear' }, ['high', 'low', 'mid']],
    ['linear regression', 'value', { model: 'linear' }, ['value']],
  ]
  for (const [name, target, options, outputs] of cases) {
    test(name, async () => {
      const model = await trainOn(target, options)
      if (name.includes('early')) {
        const body = model.body.model as GbdtModel
        assert.ok(body.bestIteration < 300 && body.trees.length === body.bestIteration)
      }
      const e = explainRows(model, APPLY)
      assert.deepEqual(e.outputs, outputs)
      assert.deepEqual(e.features, model.pipeline.featureNames)
      assert.deepEqual(
        e.columns,
        model.pipeline.inputs.map((input) => input.name),
      )
      assert.deepEqual(e.rawScores, model.predictRaw(APPLY))
      assertAdditive(e)
      assert.ok(columnWeight(e, 'amount') > 0, 'amount matters')
    })
  }
})

test('trees: a feature never split on (a constant column) contributes exactly 0', async () => {
  const model = await trainOn('target', { params: { num_trees: 10 } })
  const e = explainRows(model, APPLY)
  const f = e.features.indexOf('constant')
  for (let row = 0; row < e.rowCount; row++)
    assert.equal(e.featureContributions[row * e.features.length + f], 0)
  assert.equal(columnWeight(e, 'constant'), 0)
})

test('one-hot, datetime-part and missing-indicator features sum into their source column', async () => {
  const model = await trainOn('tier', { model: 'linear' })
  const e = explainRows(model, APPLY)
  const F = e.features.length
  const C = e.columns.length
  for (const [column, belongs] of [
    ['city', (name: string) => name.startsWith('city=') || name === 'city__missing'],
    ['signup', (name: string) => name.startsWith('signup__')],
    ['amount', (name: string) => name === 'amount' || name === 'amount__missing'],
  ] as const) {
    const features = e.features.flatMap((name, f) => (belongs(name) ? [f] : []))
    assert.ok(features.length >= 2, `${column}: ${features.length} features`)
    const c = e.columns.indexOf(column)
    for (let g = 0; g < e.rowCount * e.outputs.length; g++) {
      const sum = features.reduce((s, f) => s + e.featureContributions[g * F + f]!, 0)
      assert.ok(Math.abs(e.columnContributions[g * C + c]! - sum) <= 1e-12, `${column} group ${g}`)
    }
  }
})

describe('models saved before leaf covers were recorded', () => {
  // The model's document with the counts of some leaves removed.
  function withoutLeafCounts(
    model: TrainedModel,
    strip: (sibling: { kind: string }) => boolean,
  ): TrainedModel {
    const document = model.toDocument()
    const gbdt = document.body.model as GbdtModel
    const trees = gbdt.trees.map((tree) => ({
      nodes: tree.nodes.map((node, i) => {
        if (node.kind !== 'leaf') return node
        const parent = tree.nodes.find((p) => p.kind !== 'leaf' && (p.left === i || p.right === i))
        if (parent === undefined || parent.kind === 'leaf') return node
        const sibling = tree.nodes[parent.left === i ? parent.right : parent.left]!
        return strip(sibling) ? { kind: 'leaf' as const, value: node.value } : node
      }),
    }))
    const body = { kind: 'gbdt' as const, model: { ...gbdt, trees } }
    return new TrainedModel({ ...document, body } satisfies ModelDocument)
  }

  test('explain as before when every cover can be derived (parent count minus a split sibling)', async () => {
    const model = await trainOn('tier', { params: { num_trees: 5 } })
    const old = withoutLeafCounts(model, (sibling) => sibling.kind !== 'leaf')
    const trees = (old.body.model as GbdtModel).trees
    assert.ok(
      trees.some((tree) => tree.nodes.some((node) => node.kind === 'leaf' && node.count === undefined)),
    )
    assert.deepEqual(explainRows(old, APPLY), explainRows(model, APPLY))
  })

  test('are refused when two sibling leaves have no count: retrain them', async () => {
    const model = await trainOn('target', { params: { num_trees: 5 } })
    const old = withoutLeafCounts(model, () => true)
    assert.throws(
      () => explainRows(old, APPLY),
      (error: unknown) =>
        error instanceof ShipyardError &&
        error.code === 'INVALID_PARAMETER_VALUE' &&
        /predates leaf covers.*retrain/.test(error.message),
    )
  })
})

test('a model kind without an explainer is refused, naming the kinds that have one', async () => {
  const model = await trainOn('target', { model: 'linear' })
  const document = model.toDocument()
  const foreign = new TrainedModel({
    ...document,
    body: { kind: 'mystery', model: {} } as unknown as ModelDocument['body'],
  })
  assert.throws(
    () => explainRows(foreign, APPLY),
    (error: unknown) =>
      error instanceof ShipyardError &&
      error.code === 'INVALID_PARAMETER_VALUE' &&
      /kind 'mystery' cannot be explained; explanations cover gbdt, linear/.test(error.message),
  )
})
