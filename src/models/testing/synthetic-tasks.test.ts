import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TrainingMatrix } from '../training-data.js'
import {
  makeClassification,
  makeInteractionTask,
  makeLinearTask,
  makeRegression,
  trainTestSplit,
} from './synthetic-tasks.js'

// Column `c` of a row-major matrix, as doubles.
function column(data: TrainingMatrix, c: number): Float64Array {
  const width = data.features.names.length
  return Float64Array.from({ length: data.features.rowCount }, (_, r) => data.features.values[r * width + c]!)
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n
    mb += b[i]! / n
  }
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}

function variance(a: ArrayLike<number>): number {
  let mean = 0
  for (let i = 0; i < a.length; i++) mean += a[i]! / a.length
  let v = 0
  for (let i = 0; i < a.length; i++) v += (a[i]! - mean) ** 2 / a.length
  return v
}

// Least-squares residual variance of y on the given columns (normal equations, Gauss-Jordan).
function residualVariance(columns: readonly Float64Array[], y: Float64Array): number {
  const k = columns.length
  const m = Array.from({ length: k }, (_, i) => [
    ...columns.map((c) => c.reduce((s, v, r) => s + v * columns[i]![r]!, 0)),
    y.reduce((s, v, r) => s + v * columns[i]![r]!, 0),
  ])
  for (let p = 0; p < k; p++) {
    for (let i = 0; i < k; i++) {
      if (i === p) continue
      const f = m[i]![p]! / m[p]![p]!
      for (let j = p; j <= k; j++) m[i]![j]! -= f * m[p]![j]!
    }
  }
  const beta = m.map((row, i) => row[k]! / row[i]!)
  return variance(y.map((v, r) => v - columns.reduce((s, c, i) => s + beta[i]! * c[r]!, 0)))
}

describe('makeClassification', () => {
  it('has the asked shape, feature names, and balanced classes', () => {
    const task = makeClassification({ rows: 10_000, classes: 10, seed: 3 })
    assert.equal(task.task, 'multiclass')
    assert.equal(task.numClasses, 10)
    assert.equal(task.features.rowCount, 10_000)
    assert.equal(task.features.values.length, 10_000 * 28)
    assert.equal(task.features.names[27], 'f27')
    assert.deepEqual(
      task.informative,
      Array.from({ length: 20 }, (_, i) => i),
    )
    const counts = new Array<number>(10).fill(0)
    for (const y of task.labels) counts[y]!++
    for (const count of counts) assert.ok(count > 900 && count < 1100, `class count ${count}`)
  })

  it('is deterministic for a seed and differs between seeds', () => {
    const a = makeClassification({ rows: 2000, seed: 7 })
    const b = makeClassification({ rows: 2000, seed: 7 })
    const c = makeClassification({ rows: 2000, seed: 8 })
    assert.deepEqual(a.features.values, b.features.values)
    assert.deepEqual(a.labels, b.labels)
    assert.notDeepEqual(a.features.values, c.features.values)
  })

  it('builds redundant columns from the informative ones and leaves noise unrelated to the label', () => {
    const task = makeClassification({ rows: 20_000, features: 8, informative: 3, redundant: 2, seed: 1 })
    const informative = [0, 1, 2].map((c) => column(task, c))
    for (const c of [3, 4]) {
      const redundant = column(task, c)
      assert.ok(residualVariance(informative, redundant) < 1e-6 * variance(redundant), `column ${c}`)
    }
    // A noise column is not a combination of the informative ones and carries no class signal.
    assert.ok(residualVariance(informative, column(task, 5)) > 0.9)
    for (const c of [5, 6, 7]) assert.ok(Math.abs(correlation(column(task, c), task.labels)) < 0.03)
  })

  it('flips about flipY of the labels to a random class', () => {
    const clean = makeClassification({ rows: 20_000, flipY: 0, seed: 5 })
    const noisy = makeClassification({ rows: 20_000, flipY: 0.2, seed: 5 })
    assert.deepEqual(clean.features.values, noisy.features.values)
    let changed = 0
    for (let r = 0; r < 20_000; r++) if (clean.labels[r] !== noisy.labels[r]) changed++
    // Half of the flipped labels land on the same class.
    assert.ok(Math.abs(changed / 20_000 - 0.1) < 0.01, `changed ${changed}`)
  })

  it('refuses impossible cluster counts', () => {
    assert.throws(
      () => makeClassification({ rows: 10, informative: 2, classes: 3, redundant: 0 }),
      /informative/,
    )
    assert.throws(
      () => makeClassification({ rows: 10, features: 10, informative: 8, redundant: 4 }),
      /redundant/,
    )
  })
})

describe('makeRegression', () => {
  it('adds noise of the asked variance on top of the same features and signal', () => {
    const clean = makeRegression({ rows: 20_000, noise: 0, seed: 2 })
    const noisy = makeRegression({ rows: 20_000, noise: 2, seed: 2 })
    assert.deepEqual(clean.features.values, noisy.features.values)
    const difference = noisy.labels.map((y, r) => y - clean.labels[r]!)
    assert.ok(Math.abs(variance(difference) - 4) < 0.15, `noise variance ${variance(difference)}`)
  })

  it('is not linear: a linear fit on the informative columns leaves the interaction terms', () => {
    const task = makeRegression({ rows: 20_000, features: 12, informative: 5, noise: 0, seed: 4 })
    assert.equal(task.coefficients.length, 5)
    const informative = task.informative.map((c) => column(task, c))
    const residual = residualVariance(informative, task.labels)
    // What a line cannot fit: Var(2 x0 x1) = 4, about 2.3 of 3 sin(1.5 x2), 0.36 of the step: 6.7.
    assert.ok(residual > 6 && residual < 7.5, `residual ${residual}`)
    for (const c of [5, 6, 11]) assert.ok(Math.abs(correlation(column(task, c), task.labels)) < 0.03)
  })
})

describe('makeInteractionTask', () => {
  it('hides the signal from every single column but not from the XOR of two', () => {
    const task = makeInteractionTask({ rows: 20_000, flipY: 0.1, seed: 6 })
    assert.equal(task.features.names.length, 6)
    for (let c = 0; c < 6; c++) assert.ok(Math.abs(correlation(column(task, c), task.labels)) < 0.03)
    const f0 = column(task, 0)
    const f1 = column(task, 1)
    let agree = 0
    for (let r = 0; r < 20_000; r++) if ((f0[r]! > 0 !== f1[r]! > 0 ? 1 : 0) === task.labels[r]) agree++
    assert.ok(Math.abs(agree / 20_000 - 0.95) < 0.01, `XOR accuracy ${agree / 20_000}`)
  })
})

describe('makeLinearTask', () => {
  it('draws labels with the logistic probability of its coefficients', () => {
    const task = makeLinearTask({ rows: 40_000, coefficients: [2, 0, -1], intercept: 0.5, seed: 9 })
    assert.deepEqual(task.coefficients, [2, 0, -1])
    assert.deepEqual(task.informative, [0, 2])
    const width = 3
    let expected = 0
    let observed = 0
    for (let r = 0; r < 40_000; r++) {
      const v = task.features.values
      const logit = 0.5 + 2 * v[r * width]! - v[r * width + 2]!
      expected += 1 / (1 + Math.exp(-logit))
      observed += task.labels[r]!
    }
    assert.ok(Math.abs(observed - expected) < 3 * Math.sqrt(40_000 * 0.25), `${observed} vs ${expected}`)
    assert.ok(Math.abs(correlation(column(task, 1), task.labels)) < 0.02)
    assert.ok(correlation(column(task, 0), task.labels) > 0.4)
  })

  it('draws default coefficients reproducibly', () => {
    const a = makeLinearTask({ rows: 10, features: 4, seed: 1 })
    assert.equal(a.coefficients.length, 4)
    assert.deepEqual(a.coefficients, makeLinearTask({ rows: 10, features: 4, seed: 1 }).coefficients)
    assert.ok(a.coefficients.every((c) => c >= -2 && c <= 2))
  })
})

describe('trainTestSplit', () => {
  const data = makeRegression({ rows: 1001, features: 5, informative: 4, seed: 3 })

  it('splits the rows into disjoint sets of the asked sizes, deterministically, in row order', () => {
    const { train, test } = trainTestSplit(data, 0.2, 11)
    assert.equal(test.features.rowCount, 200)
    assert.equal(train.features.rowCount, 801)
    assert.equal(train.features.values.length, 801 * 5)
    // Every row lands in exactly one set with its label: the labels are distinct, so compare them.
    const all = [...train.labels, ...test.labels].sort((a, b) => a - b)
    assert.deepEqual(
      all,
      [...data.labels].sort((a, b) => a - b),
    )
    const original = new Map([...data.labels].map((y, r) => [y, r]))
    const positions = [...test.labels].map((y) => original.get(y)!)
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
    )
    const r = positions[0]!
    assert.deepEqual(test.features.values.subarray(0, 5), data.features.values.subarray(r * 5, r * 5 + 5))
    assert.deepEqual(trainTestSplit(data, 0.2, 11).test.labels, test.labels)
    assert.notDeepEqual(trainTestSplit(data, 0.2, 12).test.labels, test.labels)
  })

  it('carries weights and refuses fractions that leave a set empty', () => {
    const weights = Float64Array.from({ length: 1001 }, (_, r) => r + 1)
    const { test } = trainTestSplit({ ...data, weights }, 0.5, 1)
    const original = new Map([...data.labels].map((y, r) => [y, r]))
    for (const [i, y] of test.labels.entries()) assert.equal(test.weights![i], original.get(y)! + 1)
    assert.throws(() => trainTestSplit(data, 1, 1), /testFraction/)
    assert.throws(() => trainTestSplit(data, 0.0001, 1), /testFraction/)
  })
})
