import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { downsampleCurve } from './downsample-curve.js'

describe('downsampleCurve', () => {
  it('keeps every point of a short curve', () => {
    const x = Float64Array.from([0, 0.5, 1])
    assert.deepEqual(Array.from(downsampleCurve(x, x, 3)), [0, 1, 2])
  })

  it('spaces kept points by length along the curve, not by index', () => {
    // 1001 points crowd the vertical stretch from (0, 0) to (0, 1); one point more reaches (1, 1).
    const n = 1002
    const x = Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 1 : 0))
    const y = Float64Array.from({ length: n }, (_, i) => Math.min(i / 1000, 1))
    const kept = Array.from(downsampleCurve(x, y, 5))
    // Total length 2 in 4 gaps of 0.5: y = 0, 0.5, 1 on the vertical part, then the corner and the end.
    assert.deepEqual(kept, [0, 500, 1000, 1001])
  })

  it('never exceeds maxPoints and always keeps both ends', () => {
    for (const maxPoints of [2, 3, 10, 99]) {
      const n = 1000
      const x = Float64Array.from({ length: n }, (_, i) => i / n)
      const y = x.map((v) => Math.sqrt(v))
      const kept = downsampleCurve(x, y, maxPoints)
      assert.ok(kept.length <= maxPoints, `${kept.length} > ${maxPoints}`)
      assert.deepEqual([kept[0], kept.at(-1)], [0, n - 1])
    }
    assert.throws(
      () => downsampleCurve(new Float64Array(3), new Float64Array(3), 1),
      /maxPoints: must be an integer >= 2/,
    )
  })
})
