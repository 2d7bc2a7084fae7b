import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Dataset } from '../data/index.js'
import { attr, OnnxGraphBuilder } from '../onnx/index.js'
import { ShipyardError } from '../shared/index.js'
import { OnnxModel } from './onnx-model.js'

const ROWS = 6
const x1 = Float64Array.from({ length: ROWS }, (_, i) => i - 2)
const x2 = Float64Array.from({ length: ROWS }, (_, i) => (i % 3) * 0.5)
const WEIGHTS = [2, -1]
const BIAS = 0.25

// What PyTorch's exporter gives for a linear layer: one float matrix input, one float output.
function matrixRegressor(): Uint8Array {
  const g = new OnnxGraphBuilder('torch_like')
  const input = g.addInput('input', 'float', ['N', 2])
  const w = g.addConstant('w', { type: 'float', dims: [2, 1], values: Float32Array.from(WEIGHTS) })
  const b = g.addConstant('b', { type: 'float', dims: [1], values: Float32Array.from([BIAS]) })
  const [product] = g.addNode('MatMul', [input, w])
  const [sum] = g.addNode('Add', [product!, b])
  g.addOutput('output', sum!, 'float', ['N', 1])
  return g.toModel()
}

// What skl2onnx gives for a binary classifier exported with zipmap=False, inputs named as columns.
function columnClassifier(): Uint8Array {
  const g = new OnnxGraphBuilder('sklearn_like')
  const a = g.addInput('x1', 'double', ['N', 1])
  const c = g.addInput('x2', 'double', ['N', 1])
  const [joined] = g.addNode('Concat', [a, c], { axis: attr.int(1) })
  const [asFloat] = g.addNode('Cast', [joined!], { to: attr.int(1) })
  const w = g.addConstant('w', { type: 'float', dims: [2, 1], values: Float32Array.from(WEIGHTS) })
  const [logit] = g.addNode('MatMul', [asFloat!, w])
  const [p] = g.addNode('Sigmoid', [logit!])
  const one = g.addConstant('one', { type: 'float', dims: [], values: Float32Array.from([1]) })
  const [q] = g.addNode('Sub', [one, p!])
  const [probabilities] = g.addNode('Concat', [q!, p!], { axis: attr.int(1) })
  const [label] = g.addNode('ArgMax', [probabilities!], { axis: attr.int(1), keepdims: attr.int(0) })
  g.addOutput('output_label', label!, 'int64', ['N'])
  g.addOutput('output_probability', probabilities!, 'float', ['N', 2])
  return g.toModel()
}

test('a matrix-input model from elsewhere predicts and evaluates from named columns', async () => {
  const y = Float64Array.from(
    x1,
    (v, i) => WEIGHTS[0]! * v + WEIGHTS[1]! * x2[i]! + BIAS + (i % 2 ? 0.5 : -0.5),
  )
  const data = Dataset.fromColumns([
    { name: 'x1', type: 'numeric', values: x1 },
    { name: 'x2', type: 'numeric', values: x2 },
    { name: 'y', type: 'numeric', values: y },
  ])
  const model = await OnnxModel.load(matrixRegressor())
  assert.deepEqual(model.inputs, [{ name: 'input', type: 'float', shape: ['N', 2] }])
  const predictions = await model.predict(data.drop(['y']))
  assert.equal(predictions.task, 'regression')
  for (let i = 0; i < ROWS; i++) {
    assert.ok(Math.abs(predictions.values![i]! - (2 * x1[i]! - x2[i]! + BIAS)) < 1e-6)
  }
  const evaluation = await model.evaluate(data, 'y', { task: 'regression' })
  assert.ok(Math.abs(evaluation.metrics.rmse! - 0.5) < 1e-6, String(evaluation.metrics.rmse))
  await assert.rejects(
    model.predict(data, { features: ['x1'] }),
    (error: unknown) =>
      error instanceof ShipyardError && /takes 2 features per row; 1 columns/.test(error.message),
  )
  await model.release()
})

test('a column-input classifier reads probabilities and labels by name and evaluates on a string target', async () => {
  const labels = ['no', 'no', 'no', 'yes', 'yes', 'no']
  const data = Dataset.fromColumns([
    { name: 'x1', type: 'numeric', values: x1 },
    { name: 'x2', type: 'numeric', values: x2 },
    {
      name: 'churned',
      type: 'categorical',
      dictionary: ['no', 'yes'],
      codes: Int32Array.from(labels, (l) => (l === 'yes' ? 1 : 0)),
    },
  ])
  const model = await OnnxModel.load(columnClassifier())
  const predictions = await model.predict(data)
  assert.equal(predictions.task, 'binary')
  const p1 = Array.from({ length: ROWS }, (_, i) => 1 / (1 + Math.exp(-(2 * x1[i]! - x2[i]!))))
  p1.forEach((p, i) => {
    assert.ok(Math.abs(predictions.probabilities![i * 2 + 1]! - p) < 1e-6)
  })
  assert.deepEqual(
    predictions.labels,
    p1.map((p) => (p > 0.5 ? 1 : 0)),
  )
  const evaluation = await model.evaluate(data, 'churned')
  assert.equal(evaluation.rowCount, ROWS)
  assert.equal(evaluation.metrics.accuracy, 5 / 6)
  assert.equal(evaluation.metrics.roc_auc, 6 / 8)
  await model.release()
})

test('a column the model needs is missing: the error names it', async () => {
  const model = await OnnxModel.load(columnClassifier())
  const data = Dataset.fromColumns([{ name: 'x1', type: 'numeric', values: x1 }])
  await assert.rejects(model.predict(data), /no column 'x2'/)
  await model.release()
})
