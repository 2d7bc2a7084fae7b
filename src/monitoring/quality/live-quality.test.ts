import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { liveQuality } from './live-quality.js'

const close = (actual: number | null | undefined, expected: number) =>
  assert.ok(actual != null && Math.abs(actual - expected) < 1e-12, `got ${actual}, expected ${expected}`)

describe('liveQuality', () => {
  it('scores a binary classifier on the rows with a prediction and a known label (hand-checked)', () => {
    const quality = liveQuality(
      {
        task: 'binary',
        classes: { kind: 'string', values: ['no', 'yes'] },
        probabilities: Float64Array.of(0.9, 0.2, 0.6, 0.4, Number.NaN, 0.7),
        labels: ['yes', 'no', 'no', 'yes', 'yes', 'maybe'],
      },
      { loggedRows: 10 },
    )
    assert.deepEqual(
      [quality.task, quality.loggedRows, quality.labelledRows, quality.scoredRows],
      ['binary', 10, 6, 4],
    )
    close(quality.coverage, 0.6)
    const m = quality.metrics as { auc: number; logloss: number; accuracy: number; f1: number }
    close(m.auc, 0.75) // positives 0.9, 0.4 against negatives 0.2, 0.6: 3 of 4 pairs ordered
    close(m.logloss, -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4)
    close(m.accuracy, 0.5) // predicted yes, no, yes, no
    close(m.f1, 0.5) // tp 1, fp 1, fn 1
  })

  it('scores a multiclass classifier with macro F1, matching labels to int64 classes as written', () => {
    const quality = liveQuality(
      {
        task: 'multiclass',
        classes: { kind: 'int64', values: [1, 2, 3] },
        probabilities: Float64Array.of(0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.2, 0.2, 0.6),
        labels: [1, '2', 2, 3],
      },
      { loggedRows: 4 },
    )
    assert.deepEqual([quality.scoredRows, quality.coverage], [4, 1])
    const m = quality.metrics as { auc: number; logloss: number; accuracy: number; f1: number }
    close(m.auc, 1) // each class's own rows score highest for it
    close(m.logloss, -(Math.log(0.7) + Math.log(0.8) + Math.log(0.3) + Math.log(0.6)) / 4)
    close(m.accuracy, 0.75) // row 2 (class 2) predicted 3
    close(m.f1, (1 + 2 / 3 + 2 / 3) / 3)
  })

  it('scores a regressor with RMSE and MAE, skipping failed predictions and non-numeric labels', () => {
    const quality = liveQuality(
      {
        task: 'regression',
        predictions: Float64Array.of(2.5, 5, 4, Number.NaN, 1),
        labels: [3, 5, 2.5, 1, 'x'],
      },
      { loggedRows: 20 },
    )
    assert.deepEqual([quality.scoredRows, quality.labelledRows, quality.coverage], [3, 5, 0.25])
    const m = quality.metrics as { rmse: number; mae: number }
    close(m.rmse, Math.sqrt((0.25 + 0 + 2.25) / 3))
    close(m.mae, 2 / 3)
  })

  it('has null metrics without scorable rows, null coverage without logged rows, and a null AUC on one class', () => {
    const none = liveQuality(
      { task: 'regression', predictions: new Float64Array(0), labels: [] },
      { loggedRows: 0 },
    )
    assert.deepEqual([none.metrics, none.coverage, none.scoredRows], [null, null, 0])
    const oneClass = liveQuality(
      {
        task: 'binary',
        classes: { kind: 'int64', values: [0, 1] },
        probabilities: Float64Array.of(0.8, 0.3),
        labels: [1, 1],
      },
      { loggedRows: 2 },
    )
    assert.equal((oneClass.metrics as { auc: number | null }).auc, null)
    assert.deepEqual(JSON.parse(JSON.stringify(oneClass)), oneClass)
  })

  it('refuses arrays of the wrong length, a binary model without two classes and too few logged rows', () => {
    const code = { code: 'INVALID_PARAMETER_VALUE' }
    const classes = { kind: 'string' as const, values: ['a', 'b', 'c'] }
    assert.throws(
      () =>
        liveQuality(
          { task: 'multiclass', classes, probabilities: new Float64Array(5), labels: ['a', 'b'] },
          { loggedRows: 2 },
        ),
      /probabilities: must have length 6/,
    )
    assert.throws(
      () =>
        liveQuality(
          { task: 'binary', classes, probabilities: new Float64Array(1), labels: ['a'] },
          { loggedRows: 1 },
        ),
      code,
    )
    assert.throws(
      () =>
        liveQuality(
          { task: 'regression', predictions: new Float64Array(2), labels: [1, 2] },
          { loggedRows: 1 },
        ),
      /loggedRows: must be an integer >= the 2 labelled rows/,
    )
  })
})
