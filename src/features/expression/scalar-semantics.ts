/**
 * Scalar rules shared by the TypeScript evaluator and its tests, where JavaScript's own operators
 * differ from C's (which DuckDB and onnxruntime use).
 */

/**
 * `power(a, b)` as C's `pow`, with missing in, missing out: SQL's `power(NULL, 0)` is NULL, whereas
 * IEEE says `pow(NaN, 0) = 1` and `pow(1, NaN) = 1`. JavaScript's `Math.pow` also differs from C for
 * `(±1) ** ±Infinity` (NaN instead of 1); C's answer is kept. A NaN result (a negative base to a
 * fractional power) is missing, as everywhere.
 */
export function powC(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN
  if ((b === Infinity || b === -Infinity) && (a === 1 || a === -1)) return 1
  return a ** b
}

/**
 * Rounds half away from zero, as DuckDB's `round` (C's `round`): 2.5 -> 3, -2.5 -> -3. Exact for every
 * double: the fraction `|x| - floor(|x|)` is representable, unlike `floor(|x| + 0.5)`, which rounds
 * 0.49999999999999994 up to 1. ±Infinity and NaN pass through.
 */
export function roundHalfAway(x: number): number {
  const a = Math.abs(x)
  const t = Math.floor(a)
  const r = a - t >= 0.5 ? t + 1 : t
  return x < 0 ? -r : r
}

/** A value as a SQL truth value: 0 false, 1 true (any other number), 0.5 unknown (missing). */
export function truth3(x: number): number {
  return Number.isNaN(x) ? 0.5 : x === 0 ? 0 : 1
}
