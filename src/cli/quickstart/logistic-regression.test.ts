import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type EpochMetrics, evaluate, trainLogisticRegression } from './logistic-regression.js'
import { makeClassificationData } from './testing/synthetic-data.js'

describe('quickstart demo model', () => {
  it('draws the same data from the same seed and other data from another', () => {
    const a = makeClassificationData({ rows: 50, scales: [1, 1, 1], seed: 7 })
    const b = makeClassificationData({ rows: 50, scales: [1, 1, 1], seed: 7 })
    const c = makeClassificationData({ rows: 50, scales: [1, 1, 1], seed: 8 })
    assert.deepEqual(a.train.features, b.train.features)
    assert.deepEqual(a.validation.labels, b.validation.labels)
    assert.notDeepEqual(a.train.features, c.train.features)
    assert.equal(a.train.rows, 38)
    assert.equal(a.validation.rows, 12)
  })

  it('learns: loss falls every epoch and beats chance by far', () => {
    const { train, validation } = makeClassificationData({ rows: 400, scales: [1, 1, 1, 1], seed: 42 })
    const epochs: EpochMetrics[] = []
    const model = trainLogisticRegression(train, validation, { learningRate: 0.5, epochs: 20 }, (m) =>
      epochs.push(m),
    )
    assert.deepEqual(
      epochs.map((m) => m.epoch),
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    for (let i = 1; i < epochs.length; i++) assert.ok(epochs[i]!.trainLoss < epochs[i - 1]!.trainLoss)
    assert.ok(epochs.at(-1)!.validationAccuracy > 0.75, `accuracy ${epochs.at(-1)!.validationAccuracy}`)
    assert.equal(evaluate(validation, model).accuracy, epochs.at(-1)!.validationAccuracy)
  })

  it('scores a zero model at log(2) loss', () => {
    const { validation } = makeClassificationData({ rows: 40, scales: [1, 1], seed: 3 })
    const { loss } = evaluate(validation, { weights: new Float64Array(2), bias: 0 })
    assert.ok(Math.abs(loss - Math.log(2)) < 1e-12)
  })

  it('draws each feature at its own scale', () => {
    const { train } = makeClassificationData({ rows: 4000, scales: [3, 0.1], seed: 5 })
    const spread = (j: number) => {
      let sum = 0
      for (let i = 0; i < train.rows; i++) sum += train.features[i * 2 + j]! ** 2
      return Math.sqrt(sum / train.rows)
    }
    assert.ok(Math.abs(spread(0) - 3) < 0.2, `${spread(0)}`)
    assert.ok(Math.abs(spread(1) - 0.1) < 0.01, `${spread(1)}`)
  })
})
