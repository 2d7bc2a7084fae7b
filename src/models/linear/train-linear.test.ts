import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { makeLinearSignal } from '../testing/linear-signal.js'
import type { IterationReport, TrainingMatrix } from '../training-data.js'
import { LinearLoss } from './linear-loss.js'
import type { LinearModel, LinearParams } from './linear-model.js'
import { predictLinearRaw } from './predict-linear.js'
import { LINEAR_DEFAULTS, trainLinear } from './train-linear.js'

const REGRESSION: LinearParams = { ...LINEAR_DEFAULTS, objective: 'regression' }
const PRECISE = { maxIterations: 1000, tolerance: 1e-15 }

function close(actual: readonly number[], expected: readonly number[], tolerance: number, what: string) {
  assert.equal(actual.length, expected.length, what)
  actual.forEach((a, i) => {
    assert.ok(
      Math.abs(a - expected[i]!) <= tolerance,
      `${what}[${i}]: ${a} vs ${expected[i]} (±${tolerance})`,
    )
  })
}

function regressionData(rows = 3000, seed = 7): TrainingMatrix {
  return makeLinearSignal({
    objective: 'regression',
    rows,
    coefficients: [2, -1, 0.5, 0, 0, 3],
    intercepts: [1.5],
    noise: 0.2,
    seed,
  })
}

// Gradient of the data loss at the model's parameters (coefficients then intercepts).
function dataGradient(model: LinearModel, data: TrainingMatrix): Float64Array {
  const loss = new LinearLoss(data, model.objective, model.outputs, true)
  const theta = Float64Array.from([...model.coefficients, ...model.intercepts])
  const gradient = new Float64Array(theta.length)
  loss.evaluate(theta, gradient)
  return gradient
}

describe('trainLinear: ridge regression', () => {
  it('solves the same ridge problem in closed form and with L-BFGS, sample weights included', () => {
    const data = regressionData()
    const weights = Float64Array.from({ length: data.labels.length }, (_, i) => 0.5 + (i % 5))
    const weighted = { ...data, weights }
    const params = { ...REGRESSION, l2: 0.05, ...PRECISE }
    const closed = trainLinear(weighted, { ...params, solver: 'closed_form' })
    const lbfgs = trainLinear(weighted, { ...params, solver: 'lbfgs' })
    assert.equal(closed.iterations, 1)
    assert.ok(lbfgs.iterations > 1 && lbfgs.converged)
    close(lbfgs.coefficients, closed.coefficients, 1e-5, 'coefficients')
    close(lbfgs.intercepts, closed.intercepts, 1e-5, 'intercepts')
    // The ridge optimum: the data gradient balances the penalty, λ2·w.
    close(
      Array.from(dataGradient(closed, weighted).subarray(0, 6)),
      closed.coefficients.map((w) => -0.05 * w),
      1e-5,
      'stationarity',
    )
  })

  it('recovers the coefficients of a linear signal', () => {
    const model = trainLinear(regressionData(), { ...REGRESSION, l2: 0 })
    close(model.coefficients, [2, -1, 0.5, 0, 0, 3], 0.02, 'coefficients')
    close(model.intercepts, [1.5], 0.02, 'intercept')
    assert.deepEqual(model.featureNames, ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'])
  })

  it('without an intercept fits through the origin', () => {
    const shifted = makeLinearSignal({
      objective: 'regression',
      rows: 2000,
      coefficients: [1, 2],
      intercepts: [5],
    })
    const free = trainLinear(shifted, { ...REGRESSION, l2: 0 })
    const origin = trainLinear(shifted, { ...REGRESSION, l2: 0, fitIntercept: false })
    close(free.intercepts, [5], 1e-4, 'free intercept')
    assert.deepEqual(origin.intercepts, [0])
    // Through the origin, the coefficients are the uncentred least squares: Σxy / Σx² per column, here
    // checked by stationarity of the loss in w alone.
    const gradient = dataGradient(origin, shifted)
    close(Array.from(gradient.subarray(0, 2)), [0, 0], 1e-6, 'gradient in w')
    assert.ok(Math.abs(gradient[2]!) > 1, 'the intercept gradient is not zero: the fit has no intercept')
    const lbfgs = trainLinear(shifted, {
      ...REGRESSION,
      l2: 0,
      fitIntercept: false,
      solver: 'lbfgs',
      ...PRECISE,
    })
    close(lbfgs.coefficients, origin.coefficients, 1e-5, 'L-BFGS without intercept')
  })

  it('falls back to L-BFGS when the normal equations are singular, unless closed form is forced', () => {
    const base = makeLinearSignal({
      objective: 'regression',
      rows: 500,
      coefficients: [1, 2],
      intercepts: [0],
    })
    const values = new Float32Array(500 * 3)
    for (let r = 0; r < 500; r++) {
      values[r * 3] = base.features.values[r * 2]!
      values[r * 3 + 1] = base.features.values[r * 2 + 1]!
      values[r * 3 + 2] = base.features.values[r * 2 + 1]!
    }
    const twin = { features: { names: ['a', 'b', 'b_copy'], rowCount: 500, values }, labels: base.labels }
    const model = trainLinear(twin, { ...REGRESSION, l2: 0 })
    assert.ok(model.iterations >= 1)
    close([model.coefficients[0]!, model.coefficients[1]! + model.coefficients[2]!], [1, 2], 1e-4, 'fit')
    assert.throws(
      () => trainLinear(twin, { ...REGRESSION, l2: 0, solver: 'closed_form' }),
      /solver: 'closed_form' found the normal equations singular/,
    )
  })
})

describe('trainLinear: classification', () => {
  it('recovers the coefficients of a logistic signal', () => {
    const data = makeLinearSignal({
      objective: 'logistic',
      rows: 20_000,
      coefficients: [1.5, -2, 0.5, 0],
      intercepts: [0.3],
      seed: 11,
    })
    const model = trainLinear(data, { ...LINEAR_DEFAULTS, l2: 0 })
    assert.ok(model.converged)
    close(model.coefficients, [1.5, -2, 0.5, 0], 0.1, 'coefficients')
    close(model.intercepts, [0.3], 0.06, 'intercept')
  })

  it('fits softmax regression on four classes', () => {
    const truth = [1, 0, -1, 0, 2, 0, -1, 1, 0.5, 0, 0, -1]
    const intercepts = [0, 0.5, -0.5, 0.2]
    const data = makeLinearSignal({
      objective: 'softmax',
      rows: 20_000,
      coefficients: truth,
      intercepts,
      seed: 3,
    })
    const model = trainLinear(data, { ...LINEAR_DEFAULTS, objective: 'softmax', numClasses: 4, l2: 1e-6 })
    assert.equal(model.outputs, 4)
    assert.equal(model.coefficients.length, 12)
    // Softmax is invariant to adding the same vector to every class: compare differences to class 0.
    const relative = (w: readonly number[], k: number, f: number) => w[k * 3 + f]! - w[f]!
    for (let k = 1; k < 4; k++) {
      for (let f = 0; f < 3; f++) {
        const got = relative(model.coefficients, k, f)
        const want = relative(truth, k, f)
        assert.ok(Math.abs(got - want) < 0.15, `class ${k} feature ${f}: ${got} vs ${want}`)
      }
      const b = model.intercepts[k]! - model.intercepts[0]!
      assert.ok(Math.abs(b - (intercepts[k]! - intercepts[0]!)) < 0.1, `intercept ${k}: ${b}`)
    }
    // The L2 penalty picks the representative whose coefficients sum to zero over the classes.
    for (let f = 0; f < 3; f++) {
      const sum = [0, 1, 2, 3].reduce((s, k) => s + model.coefficients[k * 3 + f]!, 0)
      assert.ok(Math.abs(sum) < 1e-3, `Σ_k w[k, ${f}] = ${sum}`)
    }
  })

  it('reports logloss per iteration on train and valid data, ending at the loss of the model', () => {
    const data = makeLinearSignal({
      objective: 'logistic',
      rows: 2000,
      coefficients: [1, -1],
      intercepts: [0],
    })
    const valid = makeLinearSignal({
      objective: 'logistic',
      rows: 500,
      coefficients: [1, -1],
      intercepts: [0],
      seed: 99,
    })
    const reports: IterationReport[] = []
    const model = trainLinear(data, LINEAR_DEFAULTS, { valid, onIteration: (r) => reports.push(r) })
    assert.equal(reports.length, model.iterations)
    assert.deepEqual(
      reports.map((r) => r.iteration),
      reports.map((_, i) => i),
    )
    const last = reports.at(-1)!
    const loss = new LinearLoss(valid, 'logistic', 1, true)
    const validLoss = loss.evaluate(Float64Array.from([...model.coefficients, ...model.intercepts]), null)
    assert.ok(Math.abs(last.valid!.logloss! - validLoss) < 1e-6, `${last.valid!.logloss} vs ${validLoss}`)
    assert.ok(last.train.logloss! < reports[0]!.train.logloss! + 1e-12)
  })

  it('reports rmse once for the closed form', () => {
    const reports: IterationReport[] = []
    const data = regressionData(1000)
    const model = trainLinear(data, REGRESSION, { onIteration: (r) => reports.push(r) })
    assert.equal(reports.length, 1)
    const raw = predictLinearRaw(model, data.features)
    let sse = 0
    for (let i = 0; i < raw.length; i++) sse += (raw[i]! - data.labels[i]!) ** 2
    assert.ok(Math.abs(reports[0]!.train.rmse! - Math.sqrt(sse / raw.length)) < 1e-6)
  })
})

describe('trainLinear: penalties and weights', () => {
  const sparse = makeLinearSignal({
    objective: 'regression',
    rows: 3000,
    coefficients: [2, -1.5, 1, 0, 0, 0, 0, 0],
    intercepts: [0.5],
    noise: 0.3,
    seed: 5,
  })

  // KKT conditions of mean loss + λ2/2‖w‖² + λ1‖w‖₁ (tolerances allow for float32 coefficients).
  function assertOptimal(model: LinearModel, data: TrainingMatrix, l1: number, l2: number) {
    const gradient = dataGradient(model, data)
    model.coefficients.forEach((w, j) => {
      const g = gradient[j]! + l2 * w
      if (w === 0) assert.ok(Math.abs(g) <= l1 + 1e-5, `|g${j}| = ${Math.abs(g)} > λ1`)
      else assert.ok(Math.abs(g + l1 * Math.sign(w)) < 1e-4, `g${j} + λ1·sign = ${g + l1 * Math.sign(w)}`)
    })
    assert.ok(Math.abs(gradient[model.coefficients.length]!) < 1e-5, 'intercept stationary')
  }

  it('L1 sets the irrelevant coefficients to exactly zero (lasso, OWL-QN)', () => {
    const model = trainLinear(sparse, { ...REGRESSION, l1: 0.05, l2: 0, ...PRECISE })
    assert.deepEqual(model.coefficients.slice(3), [0, 0, 0, 0, 0])
    close(model.coefficients.slice(0, 3), [1.95, -1.45, 0.95], 0.05, 'shrunk coefficients')
    assertOptimal(model, sparse, 0.05, 0)
  })

  it('elastic net: zeros from L1, extra shrinkage from L2, optimal for both', () => {
    const lasso = trainLinear(sparse, { ...REGRESSION, l1: 0.05, l2: 0, ...PRECISE })
    const net = trainLinear(sparse, { ...REGRESSION, l1: 0.05, l2: 0.5, ...PRECISE })
    assert.deepEqual(net.coefficients.slice(3), [0, 0, 0, 0, 0])
    for (let j = 0; j < 3; j++)
      assert.ok(Math.abs(net.coefficients[j]!) < Math.abs(lasso.coefficients[j]!) - 0.1)
    assertOptimal(net, sparse, 0.05, 0.5)
  })

  it('L1 on a logistic model zeroes irrelevant features', () => {
    const data = makeLinearSignal({
      objective: 'logistic',
      rows: 5000,
      coefficients: [2, -2, 0, 0, 0],
      intercepts: [0],
      seed: 8,
    })
    const model = trainLinear(data, { ...LINEAR_DEFAULTS, l1: 0.02, l2: 0, ...PRECISE })
    assert.deepEqual(model.coefficients.slice(2), [0, 0, 0])
    assert.ok(model.coefficients[0]! > 1 && model.coefficients[1]! < -1)
    assertOptimal(model, data, 0.02, 0)
  })

  it('a sample weight of 2 is the same as the row twice', () => {
    const data = makeLinearSignal({
      objective: 'logistic',
      rows: 600,
      coefficients: [1, -0.5, 0.3],
      intercepts: [0.2],
    })
    const width = 3
    const heavy = (row: number) => row % 3 === 0
    const weights = Float64Array.from({ length: 600 }, (_, r) => (heavy(r) ? 2 : 1))
    const rows: number[] = []
    for (let r = 0; r < 600; r++) rows.push(...(heavy(r) ? [r, r] : [r]))
    const values = new Float32Array(rows.length * width)
    rows.forEach((r, i) => {
      values.set(data.features.values.subarray(r * width, r * width + width), i * width)
    })
    const doubled = {
      features: { names: data.features.names, rowCount: rows.length, values },
      labels: Float64Array.from(rows, (r) => data.labels[r]!),
    }
    for (const params of [
      { ...LINEAR_DEFAULTS, ...PRECISE },
      { ...REGRESSION, l2: 0.01 },
    ]) {
      const weighted = trainLinear({ ...data, weights }, params)
      const repeated = trainLinear(doubled, params)
      const unweighted = trainLinear(data, params)
      close(weighted.coefficients, repeated.coefficients, 1e-5, `${params.objective} coefficients`)
      close(weighted.intercepts, repeated.intercepts, 1e-5, `${params.objective} intercepts`)
      assert.ok(
        Math.abs(weighted.coefficients[0]! - unweighted.coefficients[0]!) > 1e-4,
        'weights change the fit',
      )
    }
  })
})

describe('trainLinear: inputs', () => {
  const data = makeLinearSignal({ objective: 'logistic', rows: 50, coefficients: [1, 1, 1], intercepts: [0] })

  it('names the feature and the row of a non-finite value', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const values = Float32Array.from(data.features.values)
      values[17 * 3 + 1] = bad
      const broken = { ...data, features: { ...data.features, values } }
      assert.throws(
        () => trainLinear(broken, LINEAR_DEFAULTS),
        (error: unknown) =>
          error instanceof ShipyardError &&
          error.code === 'INVALID_PARAMETER_VALUE' &&
          error.message.includes(`feature 'x1' is ${bad} in row 17`) &&
          error.details.row === 17 &&
          error.details.feature === 'x1',
      )
      assert.throws(
        () => trainLinear(data, LINEAR_DEFAULTS, { valid: broken }),
        /valid\.features: feature 'x1'/,
      )
    }
  })

  it('refuses bad parameters, labels and weights, naming the field', () => {
    const cases: [Partial<LinearParams>, RegExp][] = [
      [{ objective: 'softmax', numClasses: 2 }, /numClasses: must be an integer ≥ 3/],
      [{ numClasses: 3 }, /numClasses: must be 1 for logistic/],
      [{ l2: -1 }, /l2: must be a finite number ≥ 0/],
      [{ l1: Number.NaN }, /l1: must be a finite number ≥ 0/],
      [{ solver: 'closed_form' }, /solver: 'closed_form' solves ridge regression only/],
      [{ maxIterations: 0 }, /maxIterations: must be an integer ≥ 1/],
      [{ objective: 'poisson' as never }, /objective: must be one of regression, logistic, softmax/],
    ]
    for (const [change, message] of cases) {
      assert.throws(() => trainLinear(data, { ...LINEAR_DEFAULTS, ...change }), message)
    }
    const labels = Float64Array.from(data.labels)
    labels[4] = 2
    assert.throws(
      () => trainLinear({ ...data, labels }, LINEAR_DEFAULTS),
      /train\.labels: row 4 is 2, must be a class index 0\.\.1/,
    )
    const weights = new Float64Array(50).fill(1)
    weights[9] = -1
    assert.throws(() => trainLinear({ ...data, weights }, LINEAR_DEFAULTS), /train\.weights: row 9 is -1/)
  })

  it('is deterministic', () => {
    const softmax = makeLinearSignal({
      objective: 'softmax',
      rows: 800,
      coefficients: [1, 0, 0, 1, -1, -1],
      intercepts: [0, 0, 0],
    })
    const params: LinearParams = { ...LINEAR_DEFAULTS, objective: 'softmax', numClasses: 3, l1: 0.01 }
    assert.deepEqual(trainLinear(softmax, params), trainLinear(softmax, params))
  })
})
