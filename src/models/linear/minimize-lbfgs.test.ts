import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { minimizeLbfgs, type SmoothFunction } from './minimize-lbfgs.js'

const rosenbrock: SmoothFunction = (x, g) => {
  const [a, b] = [x[0]!, x[1]!]
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
  g[1] = 200 * (b - a * a)
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2
}

// ½ Σ a_i (x_i − c_i)²: with an L1 term the minimiser is the soft threshold of c_i at λ / a_i.
const curvature = [1, 4, 0.5, 2, 1]
const centre = [3, -0.05, 0.1, -2, 0.05]
const separable: SmoothFunction = (x, g) => {
  let f = 0
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - centre[i]!
    g[i] = curvature[i]! * d
    f += 0.5 * curvature[i]! * d * d
  }
  return f
}

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function with L-BFGS', () => {
    const values: number[] = []
    const result = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), {
      l1: 0,
      penalized: 0,
      maxIterations: 500,
      tolerance: 1e-16,
      onIteration: (_i, _x, value) => values.push(value),
    })
    assert.ok(result.converged)
    assert.ok(Math.abs(result.x[0]! - 1) < 1e-5 && Math.abs(result.x[1]! - 1) < 1e-5, `${result.x}`)
    assert.equal(values.length, result.iterations)
    for (let i = 1; i < values.length; i++)
      assert.ok(values[i]! <= values[i - 1]!, 'the objective never rises')
  })

  it('OWL-QN soft-thresholds penalised coordinates to exact zeros and leaves the rest alone', () => {
    const l1 = 0.3
    const result = minimizeLbfgs(separable, new Float64Array(5), {
      l1,
      penalized: 4,
      maxIterations: 200,
      tolerance: 1e-14,
    })
    const expected = centre.map((c, i) =>
      i < 4 ? Math.sign(c) * Math.max(Math.abs(c) - l1 / curvature[i]!, 0) : c,
    )
    assert.ok(expected[1] === 0 && expected[2] === 0, 'the data have coordinates below the threshold')
    for (let i = 0; i < 5; i++)
      assert.ok(Math.abs(result.x[i]! - expected[i]!) < 1e-8, `x${i}: ${result.x[i]}`)
    assert.ok(result.x[1] === 0 && result.x[2] === 0, 'exact zeros')
    assert.ok(Math.abs(result.x[4]! - 0.05) < 1e-8, 'the unpenalised coordinate is not thresholded')
  })

  it('stops at maxIterations without claiming convergence, and leaves x0 alone', () => {
    const x0 = Float64Array.of(-1.2, 1)
    const result = minimizeLbfgs(rosenbrock, x0, { l1: 0, penalized: 0, maxIterations: 3, tolerance: 0 })
    assert.equal(result.iterations, 3)
    assert.equal(result.converged, false)
    assert.deepEqual(Array.from(x0), [-1.2, 1])
  })
})
