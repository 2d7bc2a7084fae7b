import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FeatureMatrix } from '../../features/index.js'
import { OnnxGraphBuilder, OnnxSession } from '../../onnx/index.js'
import { makeLinearSignal } from '../testing/linear-signal.js'
import type { ClassLabels } from '../training-data.js'
import type { LinearModel, LinearParams } from './linear-model.js'
import { appendLinearToGraph } from './linear-onnx.js'
import { predictLinearRaw } from './predict-linear.js'
import { LINEAR_DEFAULTS, trainLinear } from './train-linear.js'

async function runGraph(model: LinearModel, labels: ClassLabels | null, features: FeatureMatrix) {
  const width = model.featureNames.length
  const graph = new OnnxGraphBuilder('linear')
  graph.addInput('features', 'float', ['N', width])
  appendLinearToGraph(model, graph, 'features', labels)
  const session = await OnnxSession.load(graph.toModel())
  try {
    return await session.run({
      features: { type: 'float', data: features.values, dims: [features.rowCount, width] },
    })
  } finally {
    await session.release()
  }
}

// Probabilities [rows, K] from the raw scores, as the model's contract defines them.
function probabilitiesOf(model: LinearModel, raw: Float64Array): Float64Array {
  if (model.objective === 'logistic') {
    return Float64Array.from({ length: raw.length * 2 }, (_, i) => {
      const p = 1 / (1 + Math.exp(-raw[i >> 1]!))
      return i % 2 === 1 ? p : 1 - p
    })
  }
  const k = model.outputs
  const out = new Float64Array(raw.length)
  for (let row = 0; row < raw.length / k; row++) {
    const scores = raw.subarray(row * k, row * k + k)
    const max = Math.max(...scores)
    const sum = scores.reduce((s, z) => s + Math.exp(z - max), 0)
    for (let c = 0; c < k; c++) out[row * k + c] = Math.exp(scores[c]! - max) / sum
  }
  return out
}

async function assertClassifierParity(model: LinearModel, labels: ClassLabels, test: FeatureMatrix) {
  const out = await runGraph(model, labels, test)
  const expected = probabilitiesOf(model, predictLinearRaw(model, test))
  const classes = labels.values.length
  assert.deepEqual(out.probabilities?.dims, [test.rowCount, classes])
  assert.deepEqual(out.label?.dims, [test.rowCount])
  const got = out.probabilities!.data as Float32Array
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!))
  assert.ok(worst < 1e-5, `max |Δp| = ${worst}`)
  const predicted = Array.from(out.label!.data as ArrayLike<bigint | string>)
  for (let row = 0; row < test.rowCount; row++) {
    const p = expected.subarray(row * classes, row * classes + classes)
    const best = p.indexOf(Math.max(...p))
    // A near tie may resolve either way in float32; only clear winners are compared.
    const sorted = Array.from(p).sort((a, b) => b - a)
    if (sorted[0]! - sorted[1]! < 1e-5) continue
    const want = labels.kind === 'int64' ? BigInt(labels.values[best]!) : labels.values[best]
    assert.equal(predicted[row], want, `row ${row}`)
  }
  return new Set(predicted)
}

describe('appendLinearToGraph: onnxruntime matches predictLinearRaw', () => {
  it('logistic regression, int64 and string labels', async () => {
    const data = makeLinearSignal({
      objective: 'logistic',
      rows: 2000,
      coefficients: [1.5, -2, 0.5],
      intercepts: [0.3],
    })
    const test = makeLinearSignal({
      objective: 'logistic',
      rows: 500,
      coefficients: [3, 3, 3],
      intercepts: [0],
      seed: 2,
    })
    const model = trainLinear(data, LINEAR_DEFAULTS)
    const ints = await assertClassifierParity(model, { kind: 'int64', values: [0, 1] }, test.features)
    assert.deepEqual([...ints].sort(), [0n, 1n])
    const strings = await assertClassifierParity(
      model,
      { kind: 'string', values: ['no', 'yes'] },
      test.features,
    )
    assert.deepEqual([...strings].sort(), ['no', 'yes'])
  })

  it('softmax regression, int64 and string labels', async () => {
    const coefficients = [1, 0, -1, 0, 2, 0, -1, 1, 0.5, 0, 0, -1]
    const intercepts = [0, 0.5, -0.5, 0.2]
    const data = makeLinearSignal({ objective: 'softmax', rows: 3000, coefficients, intercepts })
    const test = makeLinearSignal({ objective: 'softmax', rows: 500, coefficients, intercepts, seed: 4 })
    const params: LinearParams = { ...LINEAR_DEFAULTS, objective: 'softmax', numClasses: 4 }
    const model = trainLinear(data, params)
    const ints = await assertClassifierParity(model, { kind: 'int64', values: [2, 4, 6, 8] }, test.features)
    assert.deepEqual([...ints].sort(), [2n, 4n, 6n, 8n])
    const strings = await assertClassifierParity(
      model,
      { kind: 'string', values: ['a', 'b', 'c', 'd'] },
      test.features,
    )
    assert.equal(strings.size, 4)
  })

  it('regression, with and without an intercept', async () => {
    const data = makeLinearSignal({
      objective: 'regression',
      rows: 1000,
      coefficients: [20, -10, 5],
      intercepts: [100],
      noise: 1,
    })
    for (const fitIntercept of [true, false]) {
      const model = trainLinear(data, { ...LINEAR_DEFAULTS, objective: 'regression', fitIntercept })
      const out = await runGraph(model, null, data.features)
      assert.deepEqual(out.prediction?.dims, [1000, 1])
      const expected = predictLinearRaw(model, data.features)
      const got = out.prediction!.data as Float32Array
      for (let i = 0; i < expected.length; i++) {
        const tolerance = 1e-5 * Math.max(1, Math.abs(expected[i]!))
        assert.ok(Math.abs(got[i]! - expected[i]!) <= tolerance, `row ${i}: ${got[i]} vs ${expected[i]}`)
      }
    }
  })

  it('refuses labels that do not fit the objective', () => {
    const data = makeLinearSignal({ objective: 'logistic', rows: 100, coefficients: [1], intercepts: [0] })
    const model = trainLinear(data, LINEAR_DEFAULTS)
    const append = (labels: ClassLabels | null, m: LinearModel = model) => {
      const graph = new OnnxGraphBuilder('linear')
      graph.addInput('features', 'float', ['N', 1])
      appendLinearToGraph(m, graph, 'features', labels)
    }
    assert.throws(() => append(null), /labels: the classifier needs 2 class labels, got null/)
    assert.throws(() => append({ kind: 'int64', values: [0, 1, 2] }), /needs 2 class labels, got 3/)
    const regression = { ...model, objective: 'regression' as const }
    assert.throws(() => append({ kind: 'int64', values: [0, 1] }, regression), /labels: must be null/)
    assert.throws(
      () => append(null, { ...regression, coefficients: [1, 2] }),
      /coefficients: needs outputs × features/,
    )
  })
})
