import { invalidValue } from '../../shared/index.js'

/** How many points a chart curve keeps by default: enough for a smooth line, small enough for JSON. */
export const DEFAULT_CURVE_POINTS = 200

/**
 * The indices of the points of the curve (`x[i]`, `y[i]`) a chart keeps: all of them when there are
 * at most `maxPoints` (an integer >= 2), otherwise the first, the last, and points spaced evenly
 * along the curve's length (|Δx| + |Δy|), so steep and flat stretches are drawn alike. Picking by
 * index instead would spend every point where the data are dense and cut the corners of a ROC curve.
 * The areas reported beside a curve are always computed from every point, never from these.
 */
export function downsampleCurve(x: Float64Array, y: Float64Array, maxPoints: number): Int32Array {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw invalidValue('maxPoints', `must be an integer >= 2, got ${String(maxPoints)}`)
  }
  const n = x.length
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i)
  let total = 0
  for (let i = 1; i < n; i++) total += step(x, y, i)
  const spacing = total / (maxPoints - 1)
  const kept = new Int32Array(maxPoints)
  let count = 1
  let along = 0
  let next = spacing
  for (let i = 1; i < n - 1 && count < maxPoints - 1; i++) {
    along += step(x, y, i)
    if (along >= next) {
      kept[count++] = i
      next = along + spacing
    }
  }
  kept[count++] = n - 1
  return kept.subarray(0, count)
}

function step(x: Float64Array, y: Float64Array, i: number): number {
  return Math.abs(x[i]! - x[i - 1]!) + Math.abs(y[i]! - y[i - 1]!)
}

/** `values` at the `kept` indices, as a plain array for JSON. */
export function pick(values: Float64Array, kept: Int32Array): number[] {
  return Array.from(kept, (i) => values[i]!)
}
