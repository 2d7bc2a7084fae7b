/**
 * A smooth function to minimise: writes its gradient at `x` into `gradient` and returns its value.
 * A non-finite value counts as "too far" (the line search steps back).
 */
export type SmoothFunction = (x: Float64Array, gradient: Float64Array) => number

/** Options of `minimizeLbfgs`. */
export interface LbfgsOptions {
  /** L1 strength λ1 on the first `penalized` coordinates; 0 gives plain L-BFGS, > 0 OWL-QN. */
  readonly l1: number
  readonly penalized: number
  /** At least 0; each iteration is one accepted step. */
  readonly maxIterations: number
  /** Stop when (f_prev − f) / max(|f_prev|, |f|, 1) ≤ tolerance. */
  readonly tolerance: number
  /** Correction pairs kept; default 10. */
  readonly memory?: number
  /** Called after each accepted step: 0-based iteration, the point (do not keep it), the objective. */
  readonly onIteration?: (iteration: number, x: Float64Array, value: number) => void
}

/** Where `minimizeLbfgs` stopped. `value` includes the L1 term. */
export interface LbfgsResult {
  readonly x: Float64Array
  readonly value: number
  readonly iterations: number
  /** True when the tolerance (or a zero pseudo-gradient) stopped it before `maxIterations`. */
  readonly converged: boolean
}

const ARMIJO = 1e-4
const CURVATURE = 0.9
const MAX_LINE_STEPS = 60
// Below this max-norm of the (pseudo-)gradient, relative to the objective, there is no descent left.
const GRADIENT_FLOOR = 1e-12

/**
 * Minimises f(x) + λ1 Σ_{i<penalized} |x_i| from `x0` (not modified) with limited-memory BFGS.
 * λ1 = 0: L-BFGS (Nocedal 1980) with a weak-Wolfe bisection line search (Lewis & Overton), so every
 * accepted step has positive curvature. λ1 > 0: OWL-QN (Andrew & Gao 2007): the two-loop recursion runs
 * on the pseudo-gradient, the direction is clipped to agree with it, and a backtracking Armijo search
 * projects each trial point onto the current orthant, which is what sets coefficients exactly to zero.
 * When a line search fails, the memory is dropped and steepest descent is tried once before giving up.
 * Deterministic: no randomness, fixed evaluation order.
 */
export function minimizeLbfgs(fn: SmoothFunction, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const state = new LbfgsState(fn, x0, options)
  let iterations = 0
  let converged = false
  while (iterations < options.maxIterations) {
    if (state.stationary()) {
      converged = true
      break
    }
    const previous = state.value
    if (!state.step()) break
    options.onIteration?.(iterations, state.x, state.value)
    iterations++
    const scale = Math.max(Math.abs(previous), Math.abs(state.value), 1)
    if ((previous - state.value) / scale <= options.tolerance) {
      converged = true
      break
    }
  }
  return { x: state.x, value: state.value, iterations, converged }
}

class LbfgsState {
  x: Float64Array
  value: number
  readonly #fn: SmoothFunction
  readonly #l1: number
  readonly #penalized: number
  #gradient: Float64Array
  readonly #pseudo: Float64Array
  readonly #direction: Float64Array
  #nextX: Float64Array
  #nextGradient: Float64Array
  // Ring buffer of correction pairs: slot (#head - 1) is the newest.
  readonly #s: Float64Array[]
  readonly #y: Float64Array[]
  readonly #rho: Float64Array
  readonly #alpha: Float64Array
  #count = 0
  #head = 0

  constructor(fn: SmoothFunction, x0: Float64Array, options: LbfgsOptions) {
    const n = x0.length
    const memory = options.memory ?? 10
    this.#fn = fn
    this.#l1 = options.l1
    this.#penalized = options.penalized
    this.x = Float64Array.from(x0)
    this.#gradient = new Float64Array(n)
    this.#pseudo = new Float64Array(n)
    this.#direction = new Float64Array(n)
    this.#nextX = new Float64Array(n)
    this.#nextGradient = new Float64Array(n)
    this.#s = Array.from({ length: memory }, () => new Float64Array(n))
    this.#y = Array.from({ length: memory }, () => new Float64Array(n))
    this.#rho = new Float64Array(memory)
    this.#alpha = new Float64Array(memory)
    this.value = fn(this.x, this.#gradient) + this.#l1Term(this.x)
    this.#updatePseudoGradient()
  }

  stationary(): boolean {
    let max = 0
    for (const g of this.#pseudo) max = Math.max(max, Math.abs(g))
    return max <= GRADIENT_FLOOR * Math.max(1, Math.abs(this.value))
  }

  /** One accepted step; false when no step decreases the objective, even steepest descent. */
  step(): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      const slope = this.#computeDirection()
      const first = this.#count === 0 ? Math.min(1, 1 / norm2(this.#direction)) : 1
      const value = this.#l1 > 0 ? this.#orthantSearch(first) : this.#wolfeSearch(slope, first)
      if (Number.isFinite(value)) {
        this.#accept(value)
        return true
      }
      if (this.#count === 0) return false
      this.#count = 0
    }
    return false
  }

  // Direction −H·pg by the two-loop recursion; returns its slope pgᵀd (< 0).
  #computeDirection(): number {
    const d = this.#direction
    const pg = this.#pseudo
    const m = this.#s.length
    d.set(pg)
    for (let i = 0; i < this.#count; i++) {
      const slot = (this.#head - 1 - i + m) % m
      const a = this.#rho[slot]! * dot(this.#s[slot]!, d)
      this.#alpha[slot] = a
      axpy(-a, this.#y[slot]!, d)
    }
    if (this.#count > 0) {
      const newest = (this.#head - 1 + m) % m
      const y = this.#y[newest]!
      scale(d, 1 / (this.#rho[newest]! * dot(y, y)))
    }
    for (let i = this.#count - 1; i >= 0; i--) {
      const slot = (this.#head - 1 - i + m) % m
      const b = this.#rho[slot]! * dot(this.#y[slot]!, d)
      axpy(this.#alpha[slot]! - b, this.#s[slot]!, d)
    }
    scale(d, -1)
    // OWL-QN: a coordinate may only move against its pseudo-gradient.
    if (this.#l1 > 0) for (let i = 0; i < this.#penalized; i++) if (d[i]! * pg[i]! >= 0) d[i] = 0
    let slope = dot(pg, d)
    if (!(slope < 0)) {
      this.#count = 0
      d.set(pg)
      scale(d, -1)
      slope = -dot(pg, pg)
    }
    return slope
  }

  // Weak Wolfe conditions by bisection/doubling; returns the accepted value or NaN.
  #wolfeSearch(slope: number, first: number): number {
    let low = 0
    let high = Number.POSITIVE_INFINITY
    let t = first
    for (let i = 0; i < MAX_LINE_STEPS; i++) {
      const value = this.#evaluateAt(t)
      if (!(value <= this.value + ARMIJO * t * slope)) high = t
      else if (dot(this.#nextGradient, this.#direction) < CURVATURE * slope) low = t
      else return value
      t = high < Number.POSITIVE_INFINITY ? (low + high) / 2 : 2 * t
    }
    return Number.NaN
  }

  // Backtracking on the orthant-projected path, Armijo measured along the actual (projected) step with
  // the pseudo-gradient, as in Andrew & Gao; returns the accepted value or NaN.
  #orthantSearch(first: number): number {
    let t = first
    for (let i = 0; i < MAX_LINE_STEPS; i++) {
      const value = this.#evaluateAt(t)
      let decrease = 0
      for (let j = 0; j < this.x.length; j++) {
        decrease += this.#pseudo[j]! * (this.#nextX[j]! - this.x[j]!)
      }
      if (value <= this.value + ARMIJO * decrease) return value
      t /= 2
    }
    return Number.NaN
  }

  // Fills #nextX (projected onto the orthant of x when λ1 > 0) and #nextGradient; returns the objective.
  #evaluateAt(t: number): number {
    const x = this.x
    const next = this.#nextX
    const d = this.#direction
    for (let i = 0; i < x.length; i++) next[i] = x[i]! + t * d[i]!
    if (this.#l1 > 0) {
      for (let i = 0; i < this.#penalized; i++) {
        const orthant = x[i] !== 0 ? Math.sign(x[i]!) : -Math.sign(this.#pseudo[i]!)
        if (Math.sign(next[i]!) !== orthant) next[i] = 0
      }
    }
    return this.#fn(next, this.#nextGradient) + this.#l1Term(next)
  }

  #accept(value: number): void {
    const m = this.#s.length
    const s = this.#s[this.#head]!
    const y = this.#y[this.#head]!
    for (let i = 0; i < s.length; i++) {
      s[i] = this.#nextX[i]! - this.x[i]!
      y[i] = this.#nextGradient[i]! - this.#gradient[i]!
    }
    const sy = dot(s, y)
    // Skip pairs without positive curvature (possible only in OWL-QN): they would break H's positivity.
    if (sy > 1e-10 * dot(y, y)) {
      this.#rho[this.#head] = 1 / sy
      this.#head = (this.#head + 1) % m
      this.#count = Math.min(this.#count + 1, m)
    }
    ;[this.x, this.#nextX] = [this.#nextX, this.x]
    ;[this.#gradient, this.#nextGradient] = [this.#nextGradient, this.#gradient]
    this.value = value
    this.#updatePseudoGradient()
  }

  // The steepest-descent direction of f + λ1‖x‖₁ negated; equals the gradient when λ1 = 0.
  #updatePseudoGradient(): void {
    const g = this.#gradient
    const pg = this.#pseudo
    pg.set(g)
    const l1 = this.#l1
    if (l1 === 0) return
    for (let i = 0; i < this.#penalized; i++) {
      const x = this.x[i]!
      const gi = g[i]!
      if (x > 0) pg[i] = gi + l1
      else if (x < 0) pg[i] = gi - l1
      else if (gi + l1 < 0) pg[i] = gi + l1
      else if (gi - l1 > 0) pg[i] = gi - l1
      else pg[i] = 0
    }
  }

  #l1Term(x: Float64Array): number {
    if (this.#l1 === 0) return 0
    let sum = 0
    for (let i = 0; i < this.#penalized; i++) sum += Math.abs(x[i]!)
    return this.#l1 * sum
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!
  return sum
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i]! *= a
}

function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x))
}
