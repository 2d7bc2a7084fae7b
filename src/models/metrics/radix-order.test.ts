import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { radixOrder } from './radix-order.js'

describe('radixOrder', () => {
  it('orders doubles as the native numeric sort does, across signs, exponents and infinities', () => {
    const rng = new Random(9)
    const special = [-Infinity, -1e300, -1, -5e-324, 0, 5e-324, 1e-300, 1, 1e300, Infinity]
    const n = 5000
    const values = Float64Array.from({ length: n }, () => {
      const r = rng.nextFloat()
      if (r < 0.2) return special[rng.nextInt(special.length)]!
      if (r < 0.6) return (rng.nextFloat() - 0.5) * 10 ** (rng.nextInt(40) - 20)
      return rng.nextInt(7) - 3
    })
    const { order } = radixOrder(values, n)
    assert.deepEqual(
      Array.from(order, (i) => values[i]!),
      Array.from(Float64Array.from(values).sort()),
    )
  })

  it('is stable, reads a strided column and gives -0 and 0 one key', () => {
    // Column 1 of a [4, 2] matrix: 0, -0, -2, 0.
    const matrix = Float32Array.from([9, 0, 9, -0, 9, -2, 9, 0])
    const { order, hi, lo } = radixOrder(matrix, 4, 1, 2)
    assert.deepEqual(Array.from(order), [2, 0, 1, 3])
    assert.deepEqual([hi[1] === hi[2] && lo[1] === lo[2], hi[2] === hi[3] && lo[2] === lo[3]], [true, true])
    assert.notEqual(hi[0], hi[1])
  })
})
