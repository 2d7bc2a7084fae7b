import assert from 'node:assert/strict'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import type { Column, Dataset } from '../data/index.js'
import { onnxFeeds } from '../features/index.js'
import { syntheticData } from '../features/testing/synthetic-data.js'
import { OnnxSession } from '../onnx/index.js'
import { ShipyardError } from '../shared/index.js'
import { makeInteractionTask, makeLinearTask, trainTestSplit } from './testing/synthetic-tasks.js'
import { taskDataset } from './testing/task-dataset.js'
import { type TrainOptions, train } from './train.js'
import type { TrainedModel } from './trained-model.js'

// Mixed raw columns with missing values, unseen categories and a date: every pipeline step the default
// pipelines use. Infinities become missing (training refuses them; a test below shows it).
const raw = syntheticData({ rows: 3000, seed: 7 })
const finite = (data: Dataset) =>
  data
    .withColumns(
      ['amount', 'signed'].map((name) => {
        const column = data.column(name) as Extract<Column, { type: 'numeric' }>
        return {
          name,
          type: 'numeric',
          values: column.values.map((v) => (Number.isFinite(v) ? v : Number.NaN)),
        }
      }),
    )
    .drop(['all_missing', 'note'])
const TRAIN = withTargets(finite(raw.train))
const APPLY = withTargets(finite(raw.apply))

// Extra targets for the other tasks, derived from the same columns.
function withTargets(data: Dataset): Dataset {
  const amount = (data.column('amount') as Extract<Column, { type: 'numeric' }>).values
  const count = (data.column('count') as Extract<Column, { type: 'numeric' }>).values
  const city = data.column('city') as Extract<Column, { type: 'categorical' }>
  const value = Float64Array.from(
    amount,
    (a, i) => (Number.isNaN(a) ? 1 : Math.log1p(a)) + 0.3 * (count[i]! || 0) + (city.codes[i] === 0 ? 2 : 0),
  )
  const tier = Int32Array.from(value, (v) => (v < 4 ? 0 : v < 5.5 ? 1 : 2))
  return data.withColumns([
    { name: 'value', type: 'numeric', values: value },
    { name: 'tier', type: 'categorical', dictionary: ['low', 'mid', 'high'], codes: tier },
  ])
}

const OTHER_TARGETS = {
  target: ['value', 'tier'],
  value: ['target', 'tier'],
  tier: ['target', 'value'],
} as const

async function trainOn(
  target: keyof typeof OTHER_TARGETS,
  options: Omit<TrainOptions, 'target'>,
): Promise<TrainedModel> {
  return train(TRAIN.drop([...OTHER_TARGETS[target]]), { target, seed: 3, ...options })
}

/** Runs the model's ONNX graph on `data` and checks it against the in-process predictions. */
async function assertOnnxParity(model: TrainedModel, data: Dataset): Promise<void> {
  const session = await OnnxSession.load(model.toOnnx())
  const results = await session.run(onnxFeeds(model.pipeline, data))
  const expected = model.predict(data)
  if (expected.values) {
    const got = results.prediction!.data as Float32Array
    for (let i = 0; i < data.rowCount; i++) {
      const tolerance = 1e-5 * Math.max(1, Math.abs(expected.values[i]!))
      assert.ok(
        Math.abs(got[i]! - expected.values[i]!) <= tolerance,
        `row ${i}: ${got[i]} vs ${expected.values[i]}`,
      )
    }
  } else {
    const got = results.probabilities!.data as Float32Array
    assert.equal(got.length, expected.probabilities!.length)
    let worst = 0
    for (let i = 0; i < got.length; i++)
      worst = Math.max(worst, Math.abs(got[i]! - expected.probabilities![i]!))
    assert.ok(worst <= 1e-5, `max abs probability difference ${worst}`)
    const labels = Array.from(results.label!.data as ArrayLike<bigint | string>, (v) =>
      typeof v === 'bigint' ? Number(v) : v,
    )
    const k = expected.classes!.length
    for (let row = 0; row < data.rowCount; row++) {
      const p = [...expected.probabilities!.subarray(row * k, row * k + k)].sort((a, b) => b - a)
      if (p[0]! - p[1]! > 1e-5) assert.equal(labels[row], expected.labels![row], `label of row ${row}`)
    }
  }
  await session.release()
}

describe('ONNX parity: in-process predictions equal onnxruntime on held-out data with unseen categories', () => {
  const cases: [string, keyof typeof OTHER_TARGETS, Omit<TrainOptions, 'target'>][] = [
    ['gbdt binary', 'target', { params: { num_trees: 30 } }],
    ['gbdt multiclass', 'tier', { params: { num_trees: 15 } }],
    ['gbdt regression_l2', 'value', { params: { num_trees: 30 } }],
    ['gbdt regression_l1', 'value', { params: { num_trees: 20, objective: 'regression_l1' } }],
    ['gbdt huber', 'value', { params: { num_trees: 20, objective: 'huber', huber_delta: 0.5 } }],
    ['linear logistic', 'target', { model: 'linear' }],
    ['linear softmax', 'tier', { model: 'linear' }],
    ['linear regression', 'value', { model: 'linear' }],
  ]
  for (const [name, target, options] of cases) {
    test(name, async () => {
      const model = await trainOn(target, options)
      await assertOnnxParity(model, APPLY)
    })
  }
})

test('save and load give identical predictions; the saved files are the model, its graph and signature', async () => {
  const model = await trainOn('tier', { params: { num_trees: 10 } })
  const folder = await mkdtemp(join(tmpdir(), 'shipyard-model-'))
  const files = await model.save(folder)
  const { TrainedModel } = await import('./trained-model.js')
  const loaded = await TrainedModel.load(folder)
  assert.deepEqual(loaded.predict(APPLY), model.predict(APPLY))
  assert.deepEqual(await readFile(files.onnx), Buffer.from(model.toOnnx()))
  const signature = JSON.parse(await readFile(files.signature, 'utf8'))
  assert.deepEqual(
    signature.outputs.map((o: { name: string }) => o.name),
    ['label', 'probabilities'],
  )
  assert.deepEqual(signature.classes, ['high', 'low', 'mid'])
  assert.ok(
    signature.inputs.some(
      (i: { name: string; columnType: string }) => i.name === 'city' && i.columnType === 'categorical',
    ),
  )
  await assert.rejects(TrainedModel.load(join(folder, 'nothing')), /not a saved Shipyard model/)
})

test('the same seed gives byte-identical models; another seed with sampling does not', async () => {
  const options = { params: { num_trees: 15, bagging_fraction: 0.7, feature_fraction: 0.8 } }
  const a = await trainOn('target', options)
  const b = await trainOn('target', options)
  assert.deepEqual(a.toOnnx(), b.toOnnx())
  assert.equal(JSON.stringify(a.toDocument()), JSON.stringify(b.toDocument()))
  const c = await train(TRAIN.drop(['value', 'tier']), { target: 'target', seed: 4, ...options })
  assert.notEqual(JSON.stringify(c.toDocument()), JSON.stringify(a.toDocument()))
})

test('quality: the linear model recovers a linear signal; trees beat it on an interaction', async () => {
  const linearTask = makeLinearTask({
    rows: 20_000,
    coefficients: [1.5, -1, 0.5, 0],
    intercept: -0.5,
    seed: 11,
  })
  const linear = await train(taskDataset(linearTask), {
    target: 'y',
    model: 'linear',
    pipeline: { steps: [] },
  })
  assert.equal(linear.body.kind, 'linear')
  const coefficients = linear.body.kind === 'linear' ? linear.body.model.coefficients : []
  ;[1.5, -1, 0.5, 0].forEach((truth, j) => {
    assert.ok(Math.abs(coefficients[j]! - truth) < 0.1, `coefficient ${j}: ${coefficients[j]} vs ${truth}`)
  })

  const split = trainTestSplit(makeInteractionTask({ rows: 8000, seed: 5 }), 0.25, 5)
  const [trainData, testData] = [taskDataset(split.train), taskDataset(split.test)]
  const trees = await train(trainData, { target: 'y', params: { num_trees: 60, num_leaves: 15 } })
  const flat = await train(trainData, { target: 'y', model: 'linear' })
  const treeAuc = trees.evaluate(testData).metrics.roc_auc!
  const flatAuc = flat.evaluate(testData).metrics.roc_auc!
  assert.ok(treeAuc > 0.9, `gbdt AUC ${treeAuc}`)
  assert.ok(flatAuc < 0.6, `linear AUC ${flatAuc}`)
})

test('validation data: per-iteration losses, early stopping keeps the best round', async () => {
  const reports: number[] = []
  const model = await train(TRAIN.drop(['value', 'tier']), {
    target: 'target',
    validFraction: 0.25,
    params: { num_trees: 400, learning_rate: 0.5, early_stopping_rounds: 5 },
    onIteration: (r) => reports.push(r.valid!.logloss!),
  })
  assert.equal(model.history.length, reports.length)
  assert.ok(reports.length < 400, `stopped after ${reports.length} rounds`)
  const best = reports.indexOf(Math.min(...reports))
  assert.equal(model.body.kind === 'gbdt' && model.body.model.bestIteration, best + 1)
})

test('class weights: balanced weighting raises recall of the rare class', async () => {
  const data = TRAIN.drop(['value', 'target'])
  const plain = await train(data, { target: 'tier', model: 'linear' })
  const balanced = await train(data, { target: 'tier', model: 'linear', classWeight: 'balanced' })
  const rareRecall = (m: TrainedModel) => {
    const confusion = m.evaluate(APPLY.drop(['value', 'target'])).confusion!
    const rare = confusion
      .map((row) => row.reduce((s, v) => s + v, 0))
      .reduce((lo, n, k, all) => (n < all[lo]! ? k : lo), 0)
    return confusion[rare]![rare]! / confusion[rare]!.reduce((s, v) => s + v, 0)
  }
  assert.ok(rareRecall(balanced) > rareRecall(plain), `${rareRecall(balanced)} vs ${rareRecall(plain)}`)
  await assert.rejects(
    train(data, { target: 'tier', classWeight: { medium: 2 } }),
    /'medium'.*is not a class|classWeight\.medium/,
  )
})

describe('bad input is refused before training, with the field, column or row', () => {
  const base = TRAIN.drop(['value', 'tier'])
  const refused = (options: Partial<TrainOptions>, pattern: RegExp, data: Dataset = base) =>
    assert.rejects(
      train(data, { target: 'target', ...options }),
      (error: unknown) =>
        error instanceof ShipyardError &&
        error.code === 'INVALID_PARAMETER_VALUE' &&
        pattern.test(error.message),
    )

  test('unknown parameter: lists the names and the closest match', () =>
    refused(
      { params: { num_leafs: 8 } },
      /'num_leafs' is not a gbdt parameter \(did you mean 'num_leaves'\?\); the parameters are .*learning_rate/,
    ))
  test('out-of-range value', () =>
    refused({ params: { learning_rate: 3 } }, /params\.learning_rate: must be > 0 and <= 1, got 3/))
  test('an objective that does not fit the task', () =>
    refused({ params: { objective: 'huber' } }, /'huber' does not fit a binary target/))
  test('single class', () =>
    refused(
      {},
      /single class/,
      base.withColumns([
        { name: 'target', type: 'numeric', values: new Float64Array(base.rowCount).fill(1) },
      ]),
    ))
  test('missing targets', () => {
    const target = Float64Array.from((base.column('target') as Extract<Column, { type: 'numeric' }>).values)
    target[5] = Number.NaN
    return refused(
      {},
      /missing in 1 of 3000 rows \(rows 5\)/,
      base.withColumns([{ name: 'target', type: 'numeric', values: target }]),
    )
  })
  test('infinite feature', () =>
    refused(
      {},
      /feature '\w+' is -?Infinity in training row \d+; replace infinities/,
      raw.train.drop(['all_missing', 'note']),
    ))
  test('fewer rows than min_data_in_leaf', () =>
    refused({ params: { min_data_in_leaf: 5000 } }, /3000 rows; at least 5000/))
  test('unknown model kind and bad fractions', async () => {
    await refused({ model: 'forest' as never }, /model: must be one of 'gbdt', 'linear'/)
    await refused({ validFraction: 1 }, /validFraction: must be in \[0, 1\)/)
  })
})
