import type { TrainingMatrix } from '../training-data.js'

/** A ridge fit: F coefficients and the intercept (0 without `fitIntercept`). */
export interface RidgeSolution {
  readonly coefficients: Float64Array
  readonly intercept: number
}

// A Cholesky pivot below this fraction of its diagonal entry means the system is singular.
const PIVOT_FLOOR = 1e-12

/**
 * Ridge regression in closed form: minimises the weighted mean of ½(y − b − xᵀw)² plus λ2/2 ‖w‖² by
 * the normal equations (C + λ2·W·I) w = c, solved by Cholesky, where C and c are the weighted
 * co-moments of the features and the label and W the total weight. With an intercept the co-moments
 * are centred, accumulated in double in one pass over the row-major float32 matrix by the weighted
 * incremental update (West 1979), which avoids the cancellation of raw sums; b = ȳ − x̄ᵀw. Only the
 * upper triangle is accumulated, O(rows·F²/2). Returns null when the system is singular (λ2 = 0 with
 * collinear or constant features), so the caller can fall back to an iterative solver.
 */
export function solveRidge(data: TrainingMatrix, l2: number, fitIntercept: boolean): RidgeSolution | null {
  const width = data.features.names.length
  const { moments, means, totalWeight } = accumulateMoments(data, fitIntercept)
  const size = width + 1
  const system = new Float64Array(width * width)
  const rhs = new Float64Array(width)
  for (let i = 0; i < width; i++) {
    for (let j = i; j < width; j++) {
      const v = moments[i * size + j]!
      system[i * width + j] = v
      system[j * width + i] = v
    }
    system[i * width + i]! += l2 * totalWeight
    rhs[i] = moments[i * size + width]!
  }
  if (!choleskyInPlace(system, width)) return null
  const coefficients = choleskySolve(system, width, rhs)
  let intercept = 0
  if (fitIntercept) {
    intercept = means[width]!
    for (let f = 0; f < width; f++) intercept -= means[f]! * coefficients[f]!
  }
  return { coefficients, intercept }
}

// Upper triangle of the weighted (centred when `center`) second moments of [x, y], size (F+1)².
function accumulateMoments(data: TrainingMatrix, center: boolean) {
  const { features, labels, weights } = data
  const width = features.names.length
  const size = width + 1
  const values = features.values
  const moments = new Float64Array(size * size)
  const means = new Float64Array(size)
  const delta = new Float64Array(size)
  let totalWeight = 0
  for (let row = 0, offset = 0; row < features.rowCount; row++, offset += width) {
    const weight = weights ? weights[row]! : 1
    if (weight === 0) continue
    for (let f = 0; f < width; f++) delta[f] = values[offset + f]!
    delta[width] = labels[row]!
    totalWeight += weight
    let factor = weight
    if (center) {
      // C += w·(x − x̄_old)(x − x̄_new)ᵀ = w·(1 − w/W)·δδᵀ with δ = x − x̄_old.
      const ratio = weight / totalWeight
      for (let i = 0; i < size; i++) {
        delta[i]! -= means[i]!
        means[i]! += ratio * delta[i]!
      }
      factor = weight * (1 - ratio)
    }
    for (let i = 0; i < size; i++) {
      const a = factor * delta[i]!
      // One-hot columns are mostly zero: skipping them makes uncentred accumulation cheap.
      if (a === 0) continue
      for (let j = i, at = i * size + i; j < size; j++, at++) moments[at]! += a * delta[j]!
    }
  }
  return { moments, means, totalWeight }
}

// Lower Cholesky factor L (A = LLᵀ) over the lower triangle of `a`; false when A is not positive definite.
function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let pivot = a[j * n + j]!
    for (let k = 0; k < j; k++) pivot -= a[j * n + k]! ** 2
    if (!(pivot > PIVOT_FLOOR * a[j * n + j]!)) return false
    const root = Math.sqrt(pivot)
    a[j * n + j] = root
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j]!
      for (let k = 0; k < j; k++) sum -= a[i * n + k]! * a[j * n + k]!
      a[i * n + j] = sum / root
    }
  }
  return true
}

// Solves LLᵀx = b by forward then backward substitution.
function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b)
  for (let i = 0; i < n; i++) {
    let sum = x[i]!
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!
    x[i] = sum / l[i * n + i]!
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i]!
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!
    x[i] = sum / l[i * n + i]!
  }
  return x
}
